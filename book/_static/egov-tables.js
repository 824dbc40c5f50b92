/* Wide tables (egovreport): a table wider than the text column scrolls inside the theme's
   container (.pst-scrollable-table-container); this script makes that visible. The container
   is wrapped in .egov-table-scroll, which shows a shadow on the side where more columns are
   hidden, and a one-line hint in the page's language is put above it. Nothing is loaded. */
(function () {
  "use strict";
  var HINT = {
    en: "Scroll the table sideways to see all its columns",
    mn: "Бүх баганыг харахын тулд хүснэгтийг хажуу тийш гүйлгэнэ үү"
  };
  function lang() {
    var l = (document.documentElement.lang || "en").slice(0, 2);
    return HINT[l] ? l : "en";
  }
  function update(wrap, box) {
    var wide = box.scrollWidth > box.clientWidth + 1;
    wrap.classList.toggle("egov-scrolls", wide);
    wrap.classList.toggle("egov-at-start", box.scrollLeft <= 1);
    wrap.classList.toggle("egov-at-end", box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
  }
  function setUp() {
    var boxes = document.querySelectorAll(".bd-article .pst-scrollable-table-container");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.parentNode.classList.contains("egov-table-scroll")) return;
      var wrap = document.createElement("div");
      wrap.className = "egov-table-scroll";
      box.parentNode.insertBefore(wrap, box);
      wrap.appendChild(box);
      var hint = document.createElement("p");
      hint.className = "egov-scroll-hint";
      hint.setAttribute("aria-hidden", "true");
      hint.textContent = "\u2194 " + HINT[lang()];
      wrap.insertBefore(hint, box);
      if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");  /* keyboard scrolling */
      box.addEventListener("scroll", function () { update(wrap, box); }, {passive: true});
      update(wrap, box);
    });
  }
  function refresh() {
    Array.prototype.forEach.call(document.querySelectorAll(".egov-table-scroll"), function (wrap) {
      var box = wrap.querySelector(".pst-scrollable-table-container");
      if (box) update(wrap, box);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
  window.addEventListener("resize", refresh);
})();
