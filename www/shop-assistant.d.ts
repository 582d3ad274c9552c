// Types for shop-assistant: the `ShopAssistant` global the loader defines, the events it
// dispatches on `document`, and what profile() and stats() return.
//
// Use them with a triple-slash reference (`/// <reference path="shop-assistant.d.ts" />`),
// or by adding the file to your tsconfig's "files"/"include".

/** A page type, as the config's tracking rules name it. */
export type PageType = 'home' | 'category' | 'product' | 'search' | 'basket' | 'checkout' | 'confirmation' | 'other';

/** One line of a basket. */
export interface BasketItem {
  /** The product id (as in the catalogue); a number is read as its digits. */
  id: string | number;
  /** How many (default 1). */
  quantity?: number | string;
  /** The unit price. */
  price?: number | string;
}

/** A shop event for `ShopAssistant.track()`. Ids may be text or numbers; amounts and
 *  quantities numbers or text like "€12.50", in the event and in its basket items alike. */
export type TrackEvent =
  | { type: 'page_view'; page?: PageType }
  | { type: 'product_view'; id: string | number }
  | { type: 'add_to_basket'; id: string | number; quantity?: number | string; price?: number | string }
  | { type: 'remove_from_basket'; id: string | number; quantity?: number | string }
  | { type: 'basket'; items: BasketItem[]; value?: number | string }
  | { type: 'checkout_start' }
  | { type: 'purchase'; value?: number | string; transaction?: string | number }
  | { type: 'search'; query: string };

/** An answer as kept: a question id and the choice (an answer id, several, a number, or null for "not sure"). */
export type Answer = { question: string; choice: string | string[] | number | null };

/** A basket line as kept: product id, quantity, unit price. */
export type StoredLine = { id: string; quantity: number; price: number };

/** Everything the assistant keeps about the visitor, all of it in their browser. */
export interface Profile {
  /** The stored format's version. */
  v: number;
  /** Visits so far, this one included (a visit ends after 30 minutes without activity). */
  visits: number;
  /** Times in milliseconds since 1970. */
  firstSeen: number;
  lastSeen: number;
  sessionStart: number;
  pageStart: number;
  /** The current page's type. */
  page: PageType | null;
  pagesThisSession: number;
  pagesTotal: number;
  /** The last products viewed (at most 20). */
  recent: string[];
  /** Interest per "attribute=value" (a view adds 1, an add to basket 3), halving weekly. */
  affinities: Record<string, number>;
  affinityAt: number;
  basket: StoredLine[];
  basketValue: number;
  /** A basket left behind at the end of an earlier visit. */
  abandoned?: { lines: StoredLine[]; value: number; at: number };
  checkoutStarted: boolean;
  purchases: number;
  revenue: number;
  searches: number;
  /** The last answers given to each flow. */
  answers: { flow: string; answers: Answer[] }[];
  /** Per flow: how often it was started and completed, and a product chosen from its results. */
  flows: { flow: string; started: number; completed: number; chosen: number }[];
  /** Message history, one record per message (what is zero or unset is left out; see stats()). */
  messages: { id: string; shown?: number; clicked?: number; dismissed?: number; converted?: number; lastShown?: number; lastVisit?: number; lastDismissed?: number; day?: number; shownThatDay?: number; clickPending?: boolean; variant?: string }[];
  /** Messages shown this visit. */
  interruptions: number;
  /** The device's A/B test seed. */
  seed: number;
  /** Per recommendation block, most recent first (absent until a block was shown). */
  recommendations?: { block: string; shown: number; clicked: number }[];
  /** The products in the basket at the last purchases, newest first (absent until one). */
  bought?: string[];
  /** Survey answers: the message, the survey's kind, the scores given. */
  surveys: { message: string; kind: SurveyKind; scores: number[] }[];
  /** Derived: items in the basket. */
  basketItems: number;
  /** Derived: revenue / purchases, or null before a purchase. */
  averageOrderValue: number | null;
  /** Derived: milliseconds on the current page. */
  timeOnPage: number;
}

export type SurveyKind = 'nps' | 'csat' | 'ces';

/** Local counts, per message, flow and survey. */
export interface Stats {
  messages: Record<string, { variant: string | null; shown: number; clicked: number; dismissed: number; converted: number }>;
  flows: Record<string, { started: number; completed: number; chosen: number }>;
  /** score: NPS (% promoters - % detractors), CSAT (% of 4s and 5s) or CES (the mean); null without responses. */
  surveys: Record<string, { kind: SurveyKind; responses: number; score: number | null }>;
  /** Per recommendation block: times drawn with products, times one of them was followed. */
  recommendations: Record<string, { shown: number; clicked: number }>;
}

/** The one global the loader defines. `profile()` and `stats()` wait for `ready`; the other methods only for the assistant to be on the page. */
export interface ShopAssistantApi {
  /** This build's version. */
  readonly version: string;
  /** Resolves when the assistant is on the page and its catalogue file (if any) is in; rejects if it could not start. */
  readonly ready: Promise<void>;
  /** Opens a question flow as a dialog; rejects for an unknown id. */
  open(flowId?: string): Promise<void>;
  /** Closes the open flow; focus returns where it was. */
  close(): Promise<void>;
  /** Records a shop event. */
  track(event: TrackEvent): Promise<void>;
  /** Everything kept about the visitor (waits for `ready`). */
  profile(): Promise<Profile>;
  /** Local counts per message, flow, survey and recommendation block (waits for `ready`). */
  stats(): Promise<Stats>;
  /** Erases the profile (in every tab). */
  forget(): Promise<void>;
  /** Allows (true) or forbids (false) storing the profile; withdrawing erases it. */
  consent(given: boolean): Promise<void>;
  /** Removes the assistant, its elements, listeners and timers from the page. */
  destroy(): Promise<void>;
}

/** The `detail` of each event dispatched on `document`. */
export interface ShopAssistantEventDetails {
  'shop-assistant:flow-started': { flow: string };
  'shop-assistant:flow-completed': { flow: string; answers: Answer[] };
  'shop-assistant:result-chosen': { flow: string; product: string };
  'shop-assistant:message-shown': { message: string; variant: string | null };
  'shop-assistant:message-clicked': { message: string };
  'shop-assistant:message-dismissed': { message: string };
  'shop-assistant:survey-answered': { message: string; kind: SurveyKind; score: number };
  'shop-assistant:recommendation-shown': { block: string; products: { product: string; strategy: RecommendationStrategy; position: number }[] };
  'shop-assistant:recommendation-clicked': { block: string; product: string; strategy: RecommendationStrategy; position: number };
  'shop-assistant:restore-basket': {
    lines: { product: string; quantity: number; price: number; name: string | null; url: string | null; image: string | null }[];
    unavailable: string[];
  };
}

/** How a recommendation block picked a product. */
export type RecommendationStrategy = 'recentlyViewed' | 'similar' | 'forYou' | 'complements' | 'featured';

export type ShopAssistantEventMap = {
  [K in keyof ShopAssistantEventDetails]: CustomEvent<ShopAssistantEventDetails[K]>;
};

declare global {
  // eslint-disable-next-line no-var
  var ShopAssistant: ShopAssistantApi;
  interface Window {
    ShopAssistant: ShopAssistantApi;
  }
  interface DocumentEventMap extends ShopAssistantEventMap {}
}
