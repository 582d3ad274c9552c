// A merchant's code using the declarations as documented: must compile under --strict.
/// <reference path="../../../www/shop-assistant.d.ts" />
import type { Profile, Stats, TrackEvent } from '../../../www/shop-assistant';

async function wire(): Promise<void> {
  await ShopAssistant.ready;
  await window.ShopAssistant.open('coffee-finder');
  await ShopAssistant.track({ type: 'add_to_basket', id: 'house-espresso', quantity: 2, price: '€12.50' });
  const events: TrackEvent[] = [
    { type: 'page_view', page: 'basket' },
    { type: 'basket', items: [{ id: 'house-espresso', quantity: 1, price: 12.5 }], value: 12.5 },
    { type: 'purchase', value: 12.5 },
    { type: 'search', query: 'kenya' },
    { type: 'checkout_start' },
  ];
  for (const e of events) await ShopAssistant.track(e);
  const profile: Profile = await ShopAssistant.profile();
  const visits: number = profile.visits;
  const aov: number | null = profile.averageOrderValue;
  const stats: Stats = await ShopAssistant.stats();
  const nps: number | null = stats.surveys['post-purchase-nps']?.score ?? null;
  const followed: number = stats.recommendations['similar']?.clicked ?? 0;
  console.log(followed, profile.bought?.length ?? 0);
  await ShopAssistant.consent(true);
  await ShopAssistant.forget();
  console.log(visits, aov, nps, ShopAssistant.version.length);
  await ShopAssistant.destroy();
}

document.addEventListener('shop-assistant:message-shown', (e) => {
  const id: string = e.detail.message;
  const variant: string | null = e.detail.variant;
  console.log(id, variant);
});
document.addEventListener('shop-assistant:survey-answered', (e) => {
  const score: number = e.detail.score;
  console.log(e.detail.kind === 'nps' ? score : -score);
});
document.addEventListener('shop-assistant:result-chosen', (e) => console.log(e.detail.flow, e.detail.product));

void wire();

document.addEventListener('shop-assistant:recommendation-clicked', (e) => {
  const where: string = `${e.detail.block} ${e.detail.position}`;
  const how: 'recentlyViewed' | 'similar' | 'forYou' | 'complements' | 'featured' = e.detail.strategy;
  console.log(where, how, e.detail.product);
});
