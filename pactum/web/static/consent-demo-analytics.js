/* The demo website's "analytics": sets a cookie, so a test can see whether it ran. */
(function () {
  "use strict";
  document.cookie = "_analytics=demo-" + Date.now() + "; Max-Age=86400; Path=/; SameSite=Lax";
  var status = document.getElementById("demo-analytics-status");
  if (status) {
    status.textContent = "Analytics: loaded (cookie _analytics set).";
    status.setAttribute("data-analytics", "on");
  }
})();
