"""Helpers for nameko extensions that work with other dependencies of the same service."""


def find_dependency(container, provider_class, needed_by):
    """Return the service's dependency provider of ``provider_class``; raise if the service declares none."""
    for dependency in container.dependencies:
        if isinstance(dependency, provider_class):
            return dependency
    raise RuntimeError("{} needs a {} dependency in service {}".format(
        needed_by, provider_class.__name__, container.service_name))
