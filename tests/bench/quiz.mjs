import { readFileSync } from 'node:fs';
// The same 5-question product-finder quiz, three ways, for the side-by-side benchmark
// (scripts/bench-pages.mjs): shop-assistant (an inline flow from one script tag), SurveyJS
// (survey-core + survey-js-ui, as its docs tell a script-tag user: CSS, two scripts, a model
// rendered into a container, auto-advance on with its delay off) and plain JavaScript with no
// library (the floor). shop-assistant's and the plain page also hold an exit-intent message.

export const QUESTIONS = [
  { id: 'brew', text: 'How do you brew at home?', answers: ['Espresso machine', 'Filter', 'French press', 'Moka pot'] },
  { id: 'taste', text: 'Which flavours do you enjoy?', answers: ['Fruity', 'Balanced', 'Chocolatey'] },
  { id: 'roast', text: 'How dark do you like it?', answers: ['Light', 'Medium', 'Dark'] },
  { id: 'milk', text: 'Do you add milk?', answers: ['Always', 'Sometimes', 'Never'] },
  { id: 'amount', text: 'How much do you drink a week?', answers: ['A few cups', 'A cup a day', 'Several a day'] },
];
const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/-$/, '');

const PRODUCTS = Array.from({ length: 12 }, (_, i) => ({
  id: `coffee-${i}`,
  name: `Coffee ${i}`,
  url: `/p/coffee-${i}`,
  price: 8 + i,
  attributes: Object.fromEntries(QUESTIONS.map((q, k) => [q.id, slug(q.answers[(i + k) % q.answers.length])])),
}));

export const EXIT_TEXT = 'Your basket is saved. Here is 10% off if you finish today.';
/** The launcher's label (a page without an inline flow shows only the launcher). */
export const LAUNCHER_TEXT = 'Find your coffee';

/** shop-assistant's config: answers prefer products (so every answer stays available). */
export function assistantConfig({ launcher = false } = {}) {
  return {
    catalogue: { currency: 'EUR', products: PRODUCTS },
    ...(launcher ? { launcher: { flow: 'quiz', label: LAUNCHER_TEXT } } : {}),
    flows: {
      quiz: {
        title: 'Find your coffee',
        questions: QUESTIONS.map((q) => ({
          id: q.id,
          text: q.text,
          answers: q.answers.map((a) => ({ id: slug(a), label: a, prefer: [{ attribute: q.id, equals: slug(a) }] })),
        })),
      },
    },
    messages: [{ id: 'exit', placement: 'modal', title: 'Before you go', body: EXIT_TEXT, when: { exitIntent: true }, buttons: [{ label: 'Close', dismiss: true }] }],
  };
}

const HEAD = '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Quiz</title>';
const json = (v) => JSON.stringify(v).replace(/</g, '\\u003c');

/** With `hints`, the page also tells the browser to fetch the wasm at once (the link tag the
 * cookbook suggests, with the wasm's hash from the release's manifest), instead of when the
 * loader asks for it. */
export function assistantPage({ hints = false } = {}) {
  const wasm = hints && JSON.parse(readFileSync(new URL('../../dist/shop-assistant/manifest.json', import.meta.url), 'utf8')).files['assistant_bg.wasm'];
  const preload = hints
    ? `<link rel="preload" href="/shop-assistant/assistant_bg.wasm" as="fetch" type="application/wasm" crossorigin integrity="${wasm.integrity}">`
    : '';
  return `${HEAD}${preload}<script async src="/shop-assistant/shop-assistant.js"></script></head><body><h1>Coffee</h1>
<div data-shop-assistant-flow="quiz"></div>
<script type="application/json" id="shop-assistant-config">${json(assistantConfig())}</script></body></html>`;
}

/** A page of the same shop without a flow on it: the assistant's launcher (and its tracking
 * and messages) only, as on most pages of a shop. */
export function noFlowPage() {
  return `${HEAD}<script async src="/shop-assistant/shop-assistant.js"></script></head><body><h1>Coffee</h1>
<p>A product page.</p>
<script type="application/json" id="shop-assistant-config">${json(assistantConfig({ launcher: true }))}</script></body></html>`;
}

export function surveyJsPage() {
  const model = {
    autoAdvanceEnabled: true,
    autoAdvanceAllowComplete: true,
    showProgressBar: false,
    pages: QUESTIONS.map((q) => ({ elements: [{ type: 'radiogroup', name: q.id, title: q.text, isRequired: true, choices: q.answers.map((a) => ({ value: slug(a), text: a })) }] })),
  };
  return `${HEAD}<link href="/lib/survey-core.min.css" type="text/css" rel="stylesheet">
<script src="/lib/survey.core.min.js"></script><script src="/lib/survey-js-ui.min.js"></script></head><body><h1>Coffee</h1>
<div id="surveyContainer"></div>
<script>
Survey.settings.autoAdvanceDelay = 0;
const survey = new Survey.Model(${json(model)});
document.addEventListener('DOMContentLoaded', function () { survey.render(document.getElementById('surveyContainer')); });
</script></body></html>`;
}

/** The floor: the quiz in plain JS, about 60 lines, no library. */
export function plainPage() {
  return `${HEAD}<style>
.quiz{font:16px/1.4 system-ui,sans-serif;max-width:32rem;border:1px solid #ccc;border-radius:8px;padding:1rem}
.quiz button{display:block;width:100%;margin:.4rem 0;padding:.6rem;font:inherit;text-align:left;border:1px solid #999;border-radius:6px;background:#fff}
#exit{position:fixed;inset:30% 20% auto;background:#fff;border:1px solid #333;padding:1rem}
</style></head><body><h1>Coffee</h1><div class="quiz" id="quiz" role="group" aria-labelledby="q"></div>
<script>
const QUESTIONS = ${json(QUESTIONS)};
const PRODUCTS = ${json(PRODUCTS)};
const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/-$/, '');
const answers = {};
let step = 0;
const root = document.getElementById('quiz');
function render() {
  root.textContent = '';
  if (step === QUESTIONS.length) {
    const scored = PRODUCTS.map((p) => [QUESTIONS.filter((q) => p.attributes[q.id] === answers[q.id]).length, p]);
    scored.sort((a, b) => b[0] - a[0]);
    const h = document.createElement('h2'); h.id = 'q'; h.textContent = 'Your matches'; root.appendChild(h);
    for (const [, p] of scored.slice(0, 3)) {
      const a = document.createElement('a'); a.href = p.url; a.textContent = p.name; root.appendChild(a);
    }
    return;
  }
  const q = QUESTIONS[step];
  const h = document.createElement('h2'); h.id = 'q'; h.textContent = q.text; root.appendChild(h);
  for (const label of q.answers) {
    const b = document.createElement('button'); b.type = 'button'; b.textContent = label;
    b.addEventListener('click', () => { answers[q.id] = slug(label); step++; render(); root.querySelector('button')?.focus(); });
    root.appendChild(b);
  }
}
render();
document.addEventListener('mouseout', function (e) {
  if (e.clientY > 0 || e.relatedTarget || document.getElementById('exit')) return;
  const d = document.createElement('div'); d.id = 'exit'; d.setAttribute('role', 'dialog'); d.textContent = ${json(EXIT_TEXT)};
  document.body.appendChild(d);
});
</script></body></html>`;
}
