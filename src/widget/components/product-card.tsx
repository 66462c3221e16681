// widget/components/: what a page shows before any click: product cards, the storefront.

import { type ComponentChildren, h } from "preact";
import { defaultVariant, inStock, stockFor } from "../../core/availability";
import type { Product } from "../../core/types";
import { buyControls } from "../buy-controls";
import type { HeadingLevel } from "../heading-level";
import { formatPrice, variantLabel } from "../i18n/locale";
import type { Kiosk } from "../kiosk-types";
import { offer } from "../offer";
import type { Prefill } from "../prefill";
import { badgeText, problemMessage, strings } from "../strings";
import { tracked, useSignal } from "../tracked";
import { trustedHtml } from "../trusted-html";

/** `<ProductCard>`: one product's card, from the `kiosk` it is given. */
export interface ProductCardProps {
  readonly kiosk: Kiosk;
  readonly productId: string;
  /** The level of the product-name heading (`data-kiosk-heading-level`); 2 by default. */
  readonly headingLevel?: HeadingLevel | undefined;
  /** What its Buy button fills in (and locks) in the checkout. */
  readonly prefill?: Prefill | undefined;
}

/**
 * A product card: image, name, price, stock, description, variant choice and a Buy button.
 * While its product loads it shows a placeholder of the same size, so the page does not jump.
 */
export const ProductCard = tracked(function ProductCard({
  kiosk,
  productId,
  headingLevel = 2,
  prefill,
}: ProductCardProps) {
  const state = kiosk.products.get(productId).value;
  switch (state.status) {
    case "loading":
      return <CardSkeleton />;
    case "ready":
      return (
        <LoadedCard
          kiosk={kiosk}
          product={state.product}
          headingLevel={headingLevel}
          prefill={prefill}
        />
      );
    case "missing":
      return <CardMessage message={strings.productMissing} />;
    case "error":
      return (
        <CardMessage
          message={problemMessage(state.kind)}
          aloud={state.aloud}
          onRetry={() => kiosk.products.retry()}
        />
      );
    default: {
      const unknown: never = state;
      return unknown;
    }
  }
});

/** The loading card: the same boxes as a loaded one, in skeleton grey. */
export const CardSkeleton = tracked(function CardSkeleton() {
  return (
    <article class="card" aria-busy="true">
      <div class="media" />
      <div class="body">
        <span class="sr">{strings.loading}</span>
        <div class="sk sk-title" />
        <div class="sk sk-price" />
        <div class="sk sk-line" />
        <div class="sk sk-line" />
      </div>
    </article>
  );
});

const CardMessage = tracked(function CardMessage({
  message,
  aloud,
  onRetry,
}: {
  message: string;
  /** Said as an alert; otherwise shown, and read where the buyer reads the card. */
  aloud?: boolean;
  onRetry?: () => void;
}) {
  return (
    <article class="card">
      <div class="media" />
      <div class="body">
        <p class="error" role={aloud ? "alert" : undefined}>
          {message}
        </p>
        {onRetry && (
          <button
            type="button"
            class="ghost"
            onClick={(event) => {
              // The button goes with the message: the keyboard's focus stays on the widget
              // rather than falling to the page's start.
              const box = event.currentTarget.closest<HTMLElement>(".kiosk");
              if (box) {
                box.tabIndex = -1;
                box.focus();
              }
              onRetry();
            }}
          >
            {strings.retry}
          </button>
        )}
      </div>
    </article>
  );
});

const LoadedCard = tracked(function LoadedCard({
  kiosk,
  product,
  headingLevel,
  prefill,
}: {
  kiosk: Kiosk;
  product: Product;
  headingLevel: HeadingLevel;
  prefill: Prefill | undefined;
}) {
  // The buyer's pick; until there is one, the default of the product as it is now, so a card
  // whose variants were all sold out offers the one that comes back.
  const picked = useSignal<string | undefined>(undefined);
  const variantId = picked.value ?? defaultVariant(product.variants, prefill?.variantId)?.id;
  const failure = useSignal<string | undefined>(undefined);
  const { price, soldOut, stock, image } = offer(product, variantId);
  const description = trustedHtml(product.descriptionHtml);
  const headingId = `kiosk-${product.id}-name`;
  return (
    <article class="card" aria-labelledby={headingId}>
      <div class="media">
        {image && (
          <img
            src={image}
            alt=""
            // A storefront's cards below the fold fetch their pictures as the buyer nears them,
            // not all at once beside the ones in view.
            loading="lazy"
            // A broken image leaves the placeholder colour rather than a broken-image icon.
            onError={(event) => {
              event.currentTarget.style.visibility = "hidden";
            }}
          />
        )}
      </div>
      <div class="body">
        <Heading level={headingLevel} class="name" id={headingId} title={product.name}>
          {product.name}
        </Heading>
        <div class="row">
          <span class="price">{formatPrice(price)}</span>
          <span class={soldOut ? "stock out" : "stock"}>{stock}</span>
        </div>
        {product.badges && product.badges.length > 0 && (
          <div class="badges">
            {product.badges.map((badge) => (
              <span class="badge" key={badge}>
                {badgeText(badge)}
              </span>
            ))}
          </div>
        )}
        {/* descriptionHtml is rendered from markdown and sanitized by the proxy. */}
        <div
          class="desc"
          // A page whose Trusted Types refuse the widget's policy gets no description.
          {...(description === undefined
            ? {}
            : { dangerouslySetInnerHTML: { __html: description } })}
        />
        {product.variants.length > 0 && (
          <label>
            {/* Above the select, in the stock line's style (its font set up already). */}
            <span class="stock">{strings.variant}</span>
            <select
              value={variantId}
              aria-describedby={headingId}
              onChange={(event) => {
                picked.value = event.currentTarget.value;
              }}
            >
              {product.variants.map((option) => (
                <option
                  value={option.id}
                  key={option.id}
                  disabled={!inStock(stockFor(product, option.id))}
                >
                  {variantLabel(option)}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          ref={(button) => {
            if (button) buyControls.set(product.id, button);
            else buyControls.delete(product.id);
          }}
          type="button"
          class="buy"
          disabled={soldOut}
          aria-describedby={headingId}
          onClick={(event) => {
            failure.value = undefined;
            kiosk
              .checkout({
                ...prefill,
                productId: product.id,
                variantId,
                returnFocus: event.currentTarget,
              })
              .catch(() => {
                failure.value = strings.loadFailed;
              });
          }}
        >
          {soldOut ? strings.soldOut : strings.buy}
        </button>
        {failure.value && (
          <p class="error" role="alert">
            {failure.value}
          </p>
        )}
      </div>
    </article>
  );
});

function Heading({
  level,
  children,
  ...rest
}: {
  level: HeadingLevel;
  class: string;
  id: string;
  title: string;
  children: ComponentChildren;
}) {
  return h(`h${level}`, rest, children);
}
