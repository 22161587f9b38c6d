#!/usr/bin/env bash
# Install the Debian packages the platform and its tests need: Chromium for
# the browser tests, a Thai font for rendering sample media, and promtool
# (Debian package prometheus) for checking the alert rules. Skips the
# install when everything is present; needs root (or sudo) otherwise.
set -euo pipefail

needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
[ -d /usr/share/fonts/truetype/tlwg ] || needed+=(fonts-thai-tlwg)
command -v promtool >/dev/null 2>&1 || needed+=(prometheus)

if [ ${#needed[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing Debian packages: ${needed[*]}"
sudo_prefix=""
[ "$(id -u)" -eq 0 ] || sudo_prefix="sudo"
$sudo_prefix apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_prefix apt-get install -y -qq "${needed[@]}"

# Only promtool is wanted from the prometheus package: do not leave the
# Prometheus server it installs running as a system service.
if [[ " ${needed[*]} " == *" prometheus "* ]] && command -v systemctl >/dev/null 2>&1; then
    $sudo_prefix systemctl disable --now prometheus >/dev/null 2>&1 || true
fi
