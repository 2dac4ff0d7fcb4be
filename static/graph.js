// Light enhancements for the lineage drawing (io.pedigree.web.graph): pan by dragging, zoom with the wheel or
// the buttons this adds, and on hover or focus of a node, highlight every path through it. Everything is
// optional; without this file the drawing is a plain picture of links. No framework, no requests.
(function () {
  'use strict';

  var MIN_SCALE = 0.1;
  var MAX_SCALE = 4;
  var DRAG_SLOP = 4;

  function enhance(svg) {
    var view = svg.closest('.pg-graph-view');
    if (!view) {
      view = document.createElement('div');
      view.className = 'pg-graph-view';
      svg.parentNode.insertBefore(view, svg);
      view.appendChild(svg);
    }
    if (view.classList.contains('pg-zoomable')) {
      return;
    }
    var parts = svg.getAttribute('viewBox').split(/\s+/).map(Number);
    var full = { x: parts[0], y: parts[1], w: parts[2], h: parts[3] };
    var box = { x: full.x, y: full.y, w: full.w, h: full.h };
    view.classList.add('pg-zoomable');
    svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    // Fill the width, but no taller than the drawing or most of the window.
    var viewHeight = Math.min(full.h, Math.round(window.innerHeight * 0.7));
    svg.style.height = viewHeight + 'px';
    var viewWidth = view.clientWidth;
    var root = svg.querySelector('.pg-node.root');
    if (root && (full.w > viewWidth || full.h > viewHeight)) {
      // Too big to read when fitted: start at full size around the node this page is about; "Fit" shows all.
      var r = root.getBBox();
      box = { x: r.x + r.width / 2 - viewWidth / 2, y: r.y + r.height / 2 - viewHeight / 2, w: viewWidth,
        h: viewHeight };
    }

    function apply() {
      svg.setAttribute('viewBox', [box.x, box.y, box.w, box.h].join(' '));
    }
    apply();

    // Zooms by factor around a point given in drawing coordinates.
    function zoom(factor, cx, cy) {
      var scale = full.w / (box.w / factor);
      if (scale < MIN_SCALE || scale > MAX_SCALE) {
        return;
      }
      box.x = cx - (cx - box.x) / factor;
      box.y = cy - (cy - box.y) / factor;
      box.w /= factor;
      box.h /= factor;
      apply();
    }

    function centre() {
      return { x: box.x + box.w / 2, y: box.y + box.h / 2 };
    }

    function toDrawing(clientX, clientY) {
      var p = svg.createSVGPoint();
      p.x = clientX;
      p.y = clientY;
      return p.matrixTransform(svg.getScreenCTM().inverse());
    }

    function button(label, title, action) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      b.title = title;
      b.setAttribute('aria-label', title);
      b.addEventListener('click', action);
      return b;
    }

    var controls = document.createElement('div');
    controls.className = 'pg-graph-controls';
    controls.appendChild(button('+', 'Zoom in', function () { var c = centre(); zoom(1.25, c.x, c.y); }));
    controls.appendChild(button('\u2212', 'Zoom out', function () { var c = centre(); zoom(0.8, c.x, c.y); }));
    controls.appendChild(button('Fit', 'Show the whole graph', function () {
      box = { x: full.x, y: full.y, w: full.w, h: full.h };
      apply();
    }));
    view.insertBefore(controls, view.firstChild);

    view.addEventListener('keydown', function (e) {
      if (e.target.closest && e.target.closest('.pg-graph-controls')) {
        return;
      }
      var c = centre();
      if (e.key === '+' || e.key === '=') { zoom(1.25, c.x, c.y); e.preventDefault(); }
      if (e.key === '-') { zoom(0.8, c.x, c.y); e.preventDefault(); }
    });

    svg.addEventListener('wheel', function (e) {
      e.preventDefault();
      var p = toDrawing(e.clientX, e.clientY);
      zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, p.x, p.y);
    }, { passive: false });

    // Dragging pans; a drag that ends on a node must not follow its link.
    var drag = null;
    var dragged = false;
    svg.addEventListener('pointerdown', function (e) {
      if (e.button !== 0) {
        return;
      }
      drag = { x: e.clientX, y: e.clientY, box: { x: box.x, y: box.y }, id: e.pointerId };
      dragged = false;
    });
    svg.addEventListener('pointermove', function (e) {
      if (!drag || e.pointerId !== drag.id) {
        return;
      }
      var dx = e.clientX - drag.x;
      var dy = e.clientY - drag.y;
      if (!dragged && Math.abs(dx) + Math.abs(dy) < DRAG_SLOP) {
        return;
      }
      if (!dragged) {
        dragged = true;
        svg.setPointerCapture(e.pointerId);
        view.classList.add('pg-dragging');
      }
      var ctm = svg.getScreenCTM();
      box.x = drag.box.x - dx / ctm.a;
      box.y = drag.box.y - dy / ctm.d;
      apply();
    });
    function endDrag() {
      drag = null;
      view.classList.remove('pg-dragging');
    }
    svg.addEventListener('pointerup', endDrag);
    svg.addEventListener('pointercancel', endDrag);
    svg.addEventListener('click', function (e) {
      if (dragged) {
        e.preventDefault();
        dragged = false;
      }
    }, true);

    tracePaths(svg);
  }

  // On hover or focus of a node, marks the node, everything upstream and downstream of it, and the edges
  // between them, from the edges' data-from / data-to attributes.
  function tracePaths(svg) {
    var edges = Array.prototype.slice.call(svg.querySelectorAll('.pg-edge'));
    var nodes = {};
    Array.prototype.forEach.call(svg.querySelectorAll('.pg-node'), function (n) {
      nodes[n.getAttribute('data-id')] = n;
    });
    var out = {};
    var into = {};
    edges.forEach(function (e) {
      var from = e.getAttribute('data-from');
      var to = e.getAttribute('data-to');
      (out[from] = out[from] || []).push({ edge: e, next: to });
      (into[to] = into[to] || []).push({ edge: e, next: from });
    });

    function walk(start, links, marked) {
      var stack = [start];
      var seen = {};
      seen[start] = true;
      while (stack.length) {
        var id = stack.pop();
        (links[id] || []).forEach(function (l) {
          marked.push(l.edge);
          if (!seen[l.next]) {
            seen[l.next] = true;
            if (nodes[l.next]) {
              marked.push(nodes[l.next]);
            }
            stack.push(l.next);
          }
        });
      }
    }

    var lit = [];
    function clear() {
      lit.forEach(function (el) { el.classList.remove('pg-on-path'); });
      lit = [];
      svg.classList.remove('pg-tracing');
    }
    function trace(node) {
      clear();
      var id = node.getAttribute('data-id');
      lit.push(node);
      walk(id, out, lit);
      walk(id, into, lit);
      lit.forEach(function (el) { el.classList.add('pg-on-path'); });
      svg.classList.add('pg-tracing');
    }

    Object.keys(nodes).forEach(function (id) {
      var n = nodes[id];
      n.addEventListener('mouseenter', function () { trace(n); });
      n.addEventListener('mouseleave', clear);
      n.addEventListener('focus', function () { trace(n); });
      n.addEventListener('blur', clear);
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('svg.pg-graph'), enhance);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
