/* Wide tables and figures (egovreport): a table wider than the text column scrolls inside the
   theme's container (.pst-scrollable-table-container), a figure that would be illegible if
   shrunk to the column inside .egov-figure-scroll; this script makes that visible. The container
   is wrapped in .egov-scroll-cue, which shows a shadow on the side where more columns are
   hidden, and a one-line hint in the page's language is put above it. Nothing is loaded. */
(function () {
  "use strict";
  var HINT = {
    table: {en: "Scroll the table sideways to see all its columns",
            mn: "Бүх баганыг харахын тулд хүснэгтийг хажуу тийш гүйлгэнэ үү"},
    figure: {en: "Scroll the figure sideways to see all of it",
             mn: "Зургийг бүтнээр нь харахын тулд хажуу тийш гүйлгэнэ үү"}
  };
  function lang() {
    var l = (document.documentElement.lang || "en").slice(0, 2);
    return HINT.table[l] ? l : "en";
  }
  function update(wrap, box) {
    var wide = box.scrollWidth > box.clientWidth + 1;
    wrap.classList.toggle("egov-scrolls", wide);
    wrap.classList.toggle("egov-at-start", box.scrollLeft <= 1);
    wrap.classList.toggle("egov-at-end", box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
  }
  function setUp() {
    var boxes = document.querySelectorAll(".bd-article .pst-scrollable-table-container, .bd-article .egov-figure-scroll");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.parentNode.classList.contains("egov-scroll-cue")) return;
      var wrap = document.createElement("div");
      wrap.className = "egov-scroll-cue";
      box.parentNode.insertBefore(wrap, box);
      wrap.appendChild(box);
      var hint = document.createElement("p");
      hint.className = "egov-scroll-hint";
      hint.setAttribute("aria-hidden", "true");
      var kind = box.classList.contains("egov-figure-scroll") ? "figure" : "table";
      hint.textContent = "\u2194 " + HINT[kind][lang()];
      wrap.insertBefore(hint, box);
      if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");  /* keyboard scrolling */
      box.addEventListener("scroll", function () { update(wrap, box); }, {passive: true});
      update(wrap, box);
    });
  }
  function refresh() {
    Array.prototype.forEach.call(document.querySelectorAll(".egov-scroll-cue"), function (wrap) {
      var box = wrap.querySelector(".pst-scrollable-table-container, .egov-figure-scroll");
      if (box) update(wrap, box);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
  window.addEventListener("resize", refresh);
})();
