"""JavaScript evaluated in the audited pages: load metrics, and the layout at phone width."""

# Installed before any page script: keeps the LCP candidates and layout shifts as they happen
# (buffered entries alone miss shifts on some pages). Reads nothing, changes nothing in the DOM.
OBSERVERS = """
(() => {
  const store = window.__barometre = {fcp: null, lcp: null, lcpElement: null, cls: 0};
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) { if (e.name === 'first-contentful-paint') store.fcp = e.startTime; }
    }).observe({type: 'paint', buffered: true});
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        store.lcp = e.startTime;
        store.lcpElement = e.element ? e.element.tagName.toLowerCase() : null;
      }
    }).observe({type: 'largest-contentful-paint', buffered: true});
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) { if (!e.hadRecentInput) store.cls += e.value; }
    }).observe({type: 'layout-shift', buffered: true});
  } catch (e) { store.error = String(e); }
})();
"""

# After the load event; the first paint may come just after it, so wait for it (at most 2 s).
METRICS = """
() => new Promise((resolve) => {
  const started = performance.now();
  const store = window.__barometre || {};
  const done = () => {
    const nav = performance.getEntriesByType('navigation')[0] || {};
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const fcp = store.fcp !== null && store.fcp !== undefined ? store.fcp : (paint ? paint.startTime : null);
    resolve({
      ttfb: nav.responseStart || null,
      dom_content_loaded: nav.domContentLoadedEventEnd || null,
      load_event: nav.loadEventEnd || null,
      fcp: fcp,
      lcp: store.lcp,
      lcp_element: store.lcpElement,
      cls: store.cls === undefined ? null : store.cls,
      dom_elements: document.getElementsByTagName('*').length,
      html_transfer: nav.transferSize || 0,
    });
  };
  const wait = () => {
    const painted = store.fcp !== null || performance.getEntriesByName('first-contentful-paint').length;
    if ((painted && store.lcp !== null) || performance.now() - started > 2000) setTimeout(done, 0);
    else setTimeout(wait, 20);
  };
  setTimeout(wait, 0);
});
"""

# At phone width, with mobile emulation (the meta viewport is honoured as on a phone).
# Targets in a sentence (an inline link inside text) are exempt, as WCAG 2.5.8 says.
PHONE_LAYOUT = """
([minSize, comfortable, maxEvidence]) => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
  const doc = document.documentElement;
  const scale = (window.visualViewport && window.visualViewport.scale) || 1;
  const layoutWidth = window.innerWidth;
  const meta = document.querySelector('meta[name=viewport]');
  const scrollWidth = Math.max(doc.scrollWidth, document.body ? document.body.scrollWidth : 0);
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=link], [onclick]';
  const describe = (el, w, h) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    else if (el.classList.length) s += '.' + Array.from(el.classList).slice(0, 2).join('.');
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40);
    return {element: s, text, width: Math.round(w * 10) / 10, height: Math.round(h * 10) / 10};
  };
  const inSentence = (el) => {
    if (el.tagName !== 'A') return false;
    const parent = el.parentElement;
    if (!parent) return false;
    const own = (parent.innerText || '').replace(el.innerText || '', '').trim();
    return own.length > 20 && getComputedStyle(el).display === 'inline';
  };
  let total = 0, small = 0, belowComfortable = 0;
  const smallEvidence = [];
  for (const el of document.querySelectorAll(selector)) {
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (rect.width === 0 || rect.height === 0 || style.visibility === 'hidden' || style.display === 'none') continue;
    if (inSentence(el)) continue;
    total += 1;
    const w = rect.width * scale, h = rect.height * scale;
    if (Math.min(w, h) < comfortable) belowComfortable += 1;
    if (Math.min(w, h) < minSize) {
      small += 1;
      if (smallEvidence.length < maxEvidence) smallEvidence.push(describe(el, w, h));
    }
  }
  // A phone shrinks a too-wide page to fit (the layout viewport grows to the content): compare
  // with the device width, for pages that ask for it with a meta viewport.
  const deviceWidth = window.screen.width;
  resolve({
    layout_width: layoutWidth,
    device_width: deviceWidth,
    scroll_width: scrollWidth,
    horizontal_overflow: meta !== null && scrollWidth > deviceWidth + 1,
    overflow_px: meta !== null ? Math.max(0, scrollWidth - deviceWidth) : 0,
    scale: Math.round(scale * 1000) / 1000,
    viewport_meta: meta ? meta.getAttribute('content') : null,
    tap_targets: total,
    tap_targets_below_min: small,
    tap_targets_below_comfortable: belowComfortable,
    small_targets: smallEvidence,
  });
})));
"""
