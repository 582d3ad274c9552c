// The demo storefront "Kettle & Bean": server-rendered pages built from catalogue.json, as
// a small shop's own backend would render them. The assistant is added to every page the
// way a merchant adds it: one script tag in <head>, nothing else.

import { readFileSync } from 'node:fs';

const SHOP = 'Kettle & Bean';
const ASSISTANT_TAG = '<script async src="/shop-assistant/shop-assistant.js" data-config="/assistant.json"></script>';
export const FREE_DELIVERY_FROM = 40;
export const DELIVERY_FEE = 4.9;

const catalogueUrl = new URL('./catalogue.json', import.meta.url);
export function loadCatalogue() {
  return JSON.parse(readFileSync(catalogueUrl, 'utf8'));
}

const CATEGORIES = {
  coffee: { title: 'Coffee', intro: 'Fresh beans, roasted every Tuesday in small batches.' },
  equipment: { title: 'Equipment', intro: 'Grinders, kettles and brewers we use ourselves.', finder: 'brew-kit' },
};

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const money = (n, currency) => new Intl.NumberFormat('en-IE', { style: 'currency', currency }).format(n);

function layout({ title, pageType, body }) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · ${esc(SHOP)}</title>
<link rel="icon" href="/shop/img/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/shop/shop.css">
<script defer src="/shop/shop.js"></script>
${ASSISTANT_TAG}
</head>
<body data-page-type="${esc(pageType)}">
<a class="skip" href="#main">Skip to content</a>
<header class="site-header">
  <a class="logo" href="/">${esc(SHOP)}</a>
  <nav aria-label="Main">
    <a href="/coffee">Coffee</a>
    <a href="/equipment">Equipment</a>
    <a href="/basket" class="basket-link">Basket <span class="basket-count" aria-label="items in basket">0</span></a>
  </nav>
</header>
<main id="main">
${body}
</main>
<footer class="site-footer">
  <p>${esc(SHOP)} · Free delivery from ${money(FREE_DELIVERY_FROM, 'EUR')} · Roasted in Galway</p>
</footer>
</body>
</html>
`;
}

function card(p, currency) {
  return `<li class="card">
  <a href="${esc(p.url)}">
    <img src="${esc(p.image)}" alt="" width="200" height="200">
    <span class="card-name">${esc(p.name)}</span>
  </a>
  <span class="card-price">${money(p.price, p.currency || currency)}</span>
  ${p.inStock === false ? '<span class="badge">Sold out</span>' : ''}
</li>`;
}

export function home(cat) {
  const featured = ['house-espresso', 'ethiopia-yirgacheffe', 'colombia-huila', 'hand-grinder'];
  const items = featured.map((id) => cat.products.find((p) => p.id === id)).filter(Boolean);
  return layout({
    title: 'Speciality coffee and brewing gear',
    pageType: 'home',
    body: `<section class="hero">
  <h1>Coffee worth waking up for</h1>
  <p>Single origins and blends, roasted weekly, and the gear to brew them well.</p>
  <p><a class="button" href="/coffee">Shop coffee</a></p>
</section>
<div data-shop-assistant-recommend="for-you"></div>
<section>
  <h2>Customer favourites</h2>
  <ul class="grid">${items.map((p) => card(p, cat.currency)).join('')}</ul>
</section>`,
  });
}

export function category(cat, slug) {
  const c = CATEGORIES[slug];
  if (!c) return null;
  const items = cat.products.filter((p) => p.attributes.category === slug);
  return layout({
    title: c.title,
    pageType: 'category',
    body: `<h1>${esc(c.title)}</h1>
<p>${esc(c.intro)}</p>
${c.finder ? `<div class="finder" data-shop-assistant-flow="${esc(c.finder)}"></div>` : ''}
<ul class="grid" data-category="${esc(slug)}">${items.map((p) => card(p, cat.currency)).join('')}</ul>`,
  });
}

const ATTRIBUTE_LABELS = { roast: 'Roast', taste: 'Taste', brew: 'Best for', origin: 'Origin', weight: 'Weight' };

export function product(cat, id) {
  const p = cat.products.find((x) => x.id === id);
  if (!p) return null;
  const currency = p.currency || cat.currency;
  const facts = Object.entries(ATTRIBUTE_LABELS)
    .filter(([k]) => p.attributes[k] !== undefined)
    .map(([k, label]) => {
      const v = p.attributes[k];
      return `<dt>${esc(label)}</dt><dd>${esc(Array.isArray(v) ? v.join(', ') : v)}</dd>`;
    })
    .join('');
  const buy = p.inStock === false
    ? '<p class="stock out">Sold out</p>'
    : `<p class="stock">In stock, ships tomorrow</p>
    <button class="button add-to-basket" type="button" data-add-to-basket
      data-id="${esc(p.id)}" data-name="${esc(p.name)}" data-price="${p.price}" data-currency="${esc(currency)}"
      data-url="${esc(p.url)}" data-image="${esc(p.image)}">Add to basket</button>
    <p class="added" role="status" aria-live="polite"></p>`;
  return layout({
    title: p.name,
    pageType: 'product',
    body: `<nav class="crumbs" aria-label="Breadcrumb"><a href="/">Home</a> › <a href="/${esc(p.attributes.category)}">${esc(CATEGORIES[p.attributes.category]?.title || '')}</a></nav>
<article class="product-page" data-product-id="${esc(p.id)}">
  <img class="product-image" src="${esc(p.image)}" alt="${esc(p.name)}" width="400" height="400">
  <div class="product-info">
    <h1 class="product-name">${esc(p.name)}</h1>
    <p class="product-price" data-price="${p.price}" data-currency="${esc(currency)}">${money(p.price, currency)}</p>
    <p>${esc(p.description || '')}</p>
    ${facts ? `<dl class="facts">${facts}</dl>` : ''}
    ${buy}
  </div>
</article>
<div data-shop-assistant-recommend="similar"></div>
<div data-shop-assistant-recommend="recently-viewed"></div>`,
  });
}

export function basket() {
  return layout({
    title: 'Your basket',
    pageType: 'basket',
    body: `<h1>Your basket</h1>
<div class="basket" data-basket>
  <p class="basket-empty">Your basket is empty. <a href="/coffee">Find a coffee you will love.</a></p>
  <table class="basket-lines" hidden>
    <caption class="visually-hidden">Items in your basket</caption>
    <thead><tr><th scope="col">Product</th><th scope="col">Quantity</th><th scope="col">Price</th><th scope="col"><span class="visually-hidden">Remove</span></th></tr></thead>
    <tbody></tbody>
  </table>
  <dl class="totals" hidden>
    <dt>Subtotal</dt><dd class="basket-subtotal" data-basket-subtotal></dd>
    <dt>Delivery</dt><dd class="basket-delivery"></dd>
    <dt>Total</dt><dd class="basket-total" data-basket-total></dd>
  </dl>
  <p class="delivery-note" hidden></p>
  <p><a class="button checkout-button" href="/checkout" hidden>Go to checkout</a></p>
</div>
<div data-shop-assistant-recommend="goes-with"></div>`,
  });
}

export function checkout() {
  return layout({
    title: 'Checkout',
    pageType: 'checkout',
    body: `<h1>Checkout</h1>
<div class="checkout">
  <form class="checkout-form" action="/checkout/thanks" method="get" data-checkout-form>
    <fieldset>
      <legend>Delivery address</legend>
      <label>Full name <input name="name" autocomplete="name" required></label>
      <label>Email <input name="email" type="email" autocomplete="email" required></label>
      <label>Address <input name="address" autocomplete="street-address" required></label>
      <label>Postcode <input name="postcode" autocomplete="postal-code" required></label>
    </fieldset>
    <button class="button" type="submit">Place order</button>
  </form>
  <aside class="summary" aria-label="Order summary">
    <h2>Order summary</h2>
    <ul class="summary-lines"></ul>
    <p>Total: <strong class="basket-total" data-basket-total></strong></p>
  </aside>
</div>`,
  });
}

export function thanks() {
  return layout({
    title: 'Thank you',
    pageType: 'confirmation',
    body: `<h1>Thank you for your order</h1>
<p class="order-confirmation" data-order-confirmation>We will email you when it ships.</p>
<p><a href="/">Back to the shop</a></p>`,
  });
}

export function notFound() {
  return layout({ title: 'Not found', pageType: 'other', body: '<h1>Page not found</h1><p><a href="/">Back to the shop</a></p>' });
}
