// Kettle & Bean's own storefront script: a basket kept in localStorage, the basket and
// checkout pages, and the order confirmation. It knows nothing about the assistant.
(function () {
  'use strict';
  var KEY = 'kb-basket';
  var FREE_DELIVERY_FROM = 40;
  var DELIVERY_FEE = 4.9;
  var money = function (n) { return new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' }).format(n); };

  function read() {
    try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (e) { return []; }
  }
  function write(lines) {
    try { localStorage.setItem(KEY, JSON.stringify(lines)); } catch (e) { /* private mode */ }
    render();
  }
  function subtotal(lines) {
    return lines.reduce(function (s, l) { return s + l.price * l.qty; }, 0);
  }
  function delivery(lines) {
    return lines.length === 0 || subtotal(lines) >= FREE_DELIVERY_FROM ? 0 : DELIVERY_FEE;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function add(item) {
    var lines = read();
    var line = lines.find(function (l) { return l.id === item.id; });
    if (line) line.qty += 1;
    else lines.push({ id: item.id, name: item.name, price: item.price, url: item.url, image: item.image, qty: 1 });
    write(lines);
  }
  function setQty(id, qty) {
    var lines = read().map(function (l) { return l.id === id ? Object.assign({}, l, { qty: qty }) : l; })
      .filter(function (l) { return l.qty > 0; });
    write(lines);
  }

  function renderCount(lines) {
    var n = lines.reduce(function (s, l) { return s + l.qty; }, 0);
    document.querySelectorAll('.basket-count').forEach(function (e) { e.textContent = String(n); });
  }

  function renderBasket(lines) {
    var root = document.querySelector('[data-basket]');
    if (!root) return;
    var empty = lines.length === 0;
    root.querySelector('.basket-empty').hidden = !empty;
    root.querySelector('.basket-lines').hidden = empty;
    root.querySelector('.totals').hidden = empty;
    root.querySelector('.checkout-button').hidden = empty;
    var body = root.querySelector('tbody');
    body.textContent = '';
    lines.forEach(function (l) {
      var tr = el('tr', 'basket-line');
      tr.setAttribute('data-line-id', l.id);
      var name = el('td', 'line-name');
      var a = el('a', '', l.name);
      a.href = l.url;
      name.appendChild(a);
      var qty = el('td', 'line-qty');
      var minus = el('button', 'qty-minus', '−');
      minus.type = 'button';
      minus.setAttribute('aria-label', 'One fewer ' + l.name);
      minus.addEventListener('click', function () { setQty(l.id, l.qty - 1); });
      var count = el('span', 'line-quantity', String(l.qty));
      count.setAttribute('data-quantity', String(l.qty));
      var plus = el('button', 'qty-plus', '+');
      plus.type = 'button';
      plus.setAttribute('aria-label', 'One more ' + l.name);
      plus.addEventListener('click', function () { setQty(l.id, l.qty + 1); });
      qty.append(minus, count, plus);
      var price = el('td', 'line-price', money(l.price * l.qty));
      price.setAttribute('data-price', String(l.price));
      var remove = el('td');
      var rm = el('button', 'remove', 'Remove');
      rm.type = 'button';
      rm.setAttribute('aria-label', 'Remove ' + l.name);
      rm.addEventListener('click', function () { setQty(l.id, 0); });
      remove.appendChild(rm);
      tr.append(name, qty, price, remove);
      body.appendChild(tr);
    });
    var sub = subtotal(lines);
    var fee = delivery(lines);
    root.querySelector('.basket-subtotal').textContent = money(sub);
    root.querySelector('.basket-delivery').textContent = fee === 0 ? 'Free' : money(fee);
    root.querySelector('.basket-total').textContent = money(sub + fee);
    root.querySelector('.basket-total').setAttribute('data-value', (sub + fee).toFixed(2));
    var note = root.querySelector('.delivery-note');
    note.hidden = empty || fee === 0;
    note.textContent = 'Add ' + money(FREE_DELIVERY_FROM - sub) + ' more for free delivery.';
  }

  function renderCheckout(lines) {
    var list = document.querySelector('.summary-lines');
    if (!list) return;
    list.textContent = '';
    lines.forEach(function (l) { list.appendChild(el('li', '', l.qty + ' × ' + l.name + ' ' + money(l.price * l.qty))); });
    var total = subtotal(lines) + delivery(lines);
    var t = document.querySelector('.summary .basket-total');
    t.textContent = money(total);
    t.setAttribute('data-value', total.toFixed(2));
  }

  function render() {
    var lines = read();
    renderCount(lines);
    renderBasket(lines);
    renderCheckout(lines);
  }

  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('[data-add-to-basket]');
    if (!b) return;
    add({ id: b.dataset.id, name: b.dataset.name, price: Number(b.dataset.price), url: b.dataset.url, image: b.dataset.image });
    var status = document.querySelector('.added');
    if (status) status.textContent = b.dataset.name + ' is in your basket.';
  });

  // The assistant's "Restore my basket" button: the lines left behind that are still for sale.
  document.addEventListener('shop-assistant:restore-basket', function (e) {
    var lines = read();
    e.detail.lines.forEach(function (r) {
      var line = lines.find(function (l) { return l.id === r.product; });
      if (line) line.qty = Math.max(line.qty, r.quantity);
      else lines.push({ id: r.product, name: r.name, price: r.price, url: r.url, image: r.image, qty: r.quantity });
    });
    write(lines);
    location.href = '/basket';
  });

  if (document.querySelector('[data-order-confirmation]')) write([]);
  render();
})();
