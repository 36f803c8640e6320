// The one script: bring the highlighted words (?hl=START-END) into view. Pages work without it.
"use strict";
(function () {
  var target = document.querySelector(".hl");
  if (target) {
    target.scrollIntoView({ block: "center" });
  }
})();
