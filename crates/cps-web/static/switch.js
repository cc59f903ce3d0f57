// The ON/OFF switch submits itself; without JavaScript the "Show" button does.
(function () {
  "use strict";
  var box = document.querySelector("input[data-autosubmit]");
  if (!box) return;
  var button = box.form.querySelector(".switch-submit");
  if (button) button.hidden = true;
  box.addEventListener("change", function () { box.form.submit(); });
})();
