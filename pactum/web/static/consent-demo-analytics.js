/* The demo website's "analytics": sets the analytics cookie its policy declares (_mtl_id), so a
   test can see whether it ran and that the banner deletes it when analytics is withdrawn. */
(function () {
  "use strict";
  document.cookie = "_mtl_id=demo-" + Date.now() + "; Max-Age=86400; Path=/; SameSite=Lax";
  var status = document.getElementById("demo-analytics-status");
  if (status) {
    status.textContent = "Analytics: loaded (cookie _mtl_id set).";
    status.setAttribute("data-analytics", "on");
  }
})();
