// Mistakes the declarations must catch; each line names the error it expects.
/// <reference path="../../../www/shop-assistant.d.ts" />

async function mistakes(): Promise<void> {
  await ShopAssistant.open(42); // expect: open-number
  await ShopAssistant.track({ type: 'add_to_basket' }); // expect: missing-id
  await ShopAssistant.track({ type: 'add_to_cart', id: 'x' }); // expect: unknown-type
  await ShopAssistant.track({ type: 'page_view', page: 'cart' }); // expect: unknown-page
  await ShopAssistant.consent('yes'); // expect: consent-string
  const visits: string = (await ShopAssistant.profile()).visits; // expect: visits-number
  console.log(visits);
}

document.addEventListener('shop-assistant:message-shown', (e) => {
  const id: number = e.detail.message; // expect: detail-string
  console.log(id, e.detail.score); // expect: no-score
});

void mistakes();
