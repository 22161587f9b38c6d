/* Home page: staff login, then the signed-in officer's unit, roles and duties. */
(function () {
  "use strict";

  CV.addMessages({
    th: {
      "home.login_title": "เข้าสู่ระบบสำหรับเจ้าหน้าที่",
      "home.login_hint": "ประชาชนทั่วไปไม่ต้องเข้าสู่ระบบ สามารถเล่นเกมผู้พิชิตไซเบอร์วัคซีนได้ทันที",
      "home.username": "ชื่อผู้ใช้",
      "home.password": "รหัสผ่าน",
      "home.login_button": "เข้าสู่ระบบ",
      "home.play_quiz": "เล่นเกมผู้พิชิตไซเบอร์วัคซีน",
      "home.welcome": "สวัสดี",
      "home.my_unit": "หน่วยงานของท่าน",
      "home.unit_code": "รหัสหน่วย",
      "home.stand_in": "หน่วยนี้เป็นหน่วยตัวแทนจนกว่าจะนำเข้ารายชื่อสถานีจริง",
      "home.roles": "บทบาท",
      "home.my_duties": "หน้าที่ที่ได้รับมอบหมาย",
      "home.no_duties": "ยังไม่มีหน้าที่ที่ได้รับมอบหมาย",
      "home.session_until": "เข้าสู่ระบบถึง",
      "home.assigned_on": "มอบหมายเมื่อ {date}",
      "home.fill_both": "กรุณากรอกชื่อผู้ใช้และรหัสผ่าน",
      "role.officer": "เจ้าหน้าที่",
      "role.unit_head": "หัวหน้าหน่วย",
      "role.working_group": "คณะทำงาน",
      "role.administrator": "ผู้ดูแลระบบ",
      "duty.media_download": "ดาวน์โหลดสื่อ",
      "duty.outreach": "ประชาสัมพันธ์ในชุมชน",
      "duty.reporting": "รายงานผลกิจกรรม"
    },
    en: {
      "home.login_title": "Staff login",
      "home.login_hint": "The public does not need to log in: anyone can play Cyber Vaccine Conqueror right away.",
      "home.username": "Username",
      "home.password": "Password",
      "home.login_button": "Log in",
      "home.play_quiz": "Play Cyber Vaccine Conqueror",
      "home.welcome": "Hello",
      "home.my_unit": "Your unit",
      "home.unit_code": "Unit code",
      "home.stand_in": "This unit is a stand-in until the real station list is imported.",
      "home.roles": "Roles",
      "home.my_duties": "Your duties",
      "home.no_duties": "No duties assigned yet.",
      "home.session_until": "Logged in until",
      "home.assigned_on": "assigned {date}",
      "home.fill_both": "Enter your username and password.",
      "role.officer": "Officer",
      "role.unit_head": "Unit head",
      "role.working_group": "Working group",
      "role.administrator": "Administrator",
      "duty.media_download": "Media download",
      "duty.outreach": "Community outreach",
      "duty.reporting": "Activity reporting"
    }
  });

  var me = null;

  function showLogin() {
    document.getElementById("login-section").hidden = false;
    document.getElementById("account-section").hidden = true;
    document.querySelectorAll("[data-staff]").forEach(function (link) { link.hidden = true; });
  }

  function renderAccount() {
    var session = CV.session.get();
    document.getElementById("login-section").hidden = true;
    document.getElementById("account-section").hidden = false;
    document.querySelectorAll("[data-staff]").forEach(function (link) { link.hidden = false; });
    document.getElementById("display-name").textContent = me.display_name;
    document.getElementById("unit-name").textContent = CV.localName(me.unit);
    document.getElementById("unit-code").textContent = me.unit.code;
    document.getElementById("unit-stand-in").hidden = !me.unit.stand_in;
    document.getElementById("session-until").textContent = CV.formatDate(session.expires_at, { time: true });

    document.getElementById("roles").innerHTML = me.roles.map(function (role) {
      return "<li>" + CV.escape(CV.t("role." + role)) + "</li>";
    }).join("");

    var duties = document.getElementById("duties");
    duties.innerHTML = me.duties.map(function (duty) {
      return "<li><strong>" + CV.escape(CV.t("duty." + duty.duty)) + "</strong> <span class=\"muted\">" +
        CV.escape(CV.t("home.assigned_on", { date: CV.formatDate(duty.created_at) })) + "</span></li>";
    }).join("");
    document.getElementById("no-duties").hidden = me.duties.length > 0;
  }

  function loadAccount() {
    return CV.api("GET", "/me").then(function (account) {
      me = account;
      renderAccount();
    }, function () {
      CV.session.clear();
      showLogin();
    });
  }

  function nextPage() {
    var next = new URLSearchParams(window.location.search).get("next");
    return next && next.charAt(0) === "/" && next.charAt(1) !== "/" ? next : null;
  }

  function submitLogin(event) {
    event.preventDefault();
    var form = event.target;
    var message = document.getElementById("login-message");
    var username = form.username.value.trim();
    var password = form.password.value;
    if (!username || !password) {
      CV.showMessage(message, CV.t("home.fill_both"), "error");
      return;
    }

    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    CV.api("POST", "/auth/login", { username: username, password: password }).then(function (result) {
      CV.session.set({ token: result.token, expires_at: result.expires_at, account: result.account, unit: result.unit });
      var next = nextPage();
      if (next) { window.location.href = next; return; }
      CV.showMessage(message, "", "info");
      return loadAccount();
    }, function (error) {
      CV.showMessage(message, error.message, "error");
    }).then(function () { button.disabled = false; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.getElementById("login-form").addEventListener("submit", submitLogin);
    if (CV.session.get()) { loadAccount(); } else { showLogin(); }
  });

  document.addEventListener("cv:language", function () { if (me) { renderAccount(); } });
})();
