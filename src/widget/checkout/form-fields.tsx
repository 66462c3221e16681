import type { ComponentChildren } from "preact";
import { inStock, stockFor } from "../../core/availability";
import type { CustomField } from "../../core/types";
import { attributeName } from "../field-name";
import { variantLabel } from "../i18n/locale";
import { tracked } from "../tracked";
import type { CheckoutModel } from "./checkout-model";
import { checkoutStrings as t } from "./checkout-strings";

/** The accessibility wiring of an input that may carry an error message (or a note). */
function describedBy(model: CheckoutModel, name: string, id: string, note?: string) {
  const error = model.errors.value[name];
  return error
    ? { "aria-invalid": true, "aria-describedby": `${id}-error` }
    : note
      ? { "aria-describedby": `${id}-error` }
      : {};
}

/** A label, the control, and the field's message (or a note) right under it. */
export const Field = tracked(function Field(props: {
  model: CheckoutModel;
  name: string;
  id: string;
  label: string;
  required?: boolean;
  note?: string | undefined;
  children: ComponentChildren;
}) {
  const error = props.model.errors.value[props.name];
  const note = !error && props.note;
  return (
    <div class="field">
      <label for={props.id}>
        {props.label}
        {/* Its brackets, and the space before them, are the language's: "（必須）" has none. */}
        {props.required && <span class="muted req">{t.required}</span>}
      </label>
      {props.children}
      {(error || note) && (
        // An error is an alert: it may come as the buyer types (a quantity over the stock), with
        // no move of focus to say it.
        <p
          class={note ? "muted" : "error"}
          id={`${props.id}-error`}
          role={note ? undefined : "alert"}
        >
          {error || note}
        </p>
      )}
    </div>
  );
});

/**
 * Quantity: a stepper and a typed field. Out-of-range input stays as typed, explained below. A
 * step button at its limit is `aria-disabled`, not `disabled`: a focused button that becomes
 * disabled drops the focus out of the dialog (stepping never passes the limits anyway).
 */
export const QuantityField = tracked(function QuantityField({ model }: { model: CheckoutModel }) {
  const id = "kiosk-quantity";
  const max = model.maxQuantity.value;
  const quantity = model.quantity.value;
  // Locked (read-only, not disabled): still announced, and still sent with the order.
  const locked = model.isLocked("quantity");
  const note = model.quantityNote.value;
  return (
    <Field model={model} name="quantity" id={id} label={t.quantity} note={note}>
      <div class="stepper">
        {!locked && (
          <button
            type="button"
            class="ghost"
            aria-label={t.decrease}
            aria-disabled={!(quantity > model.product.value.quantity.min)}
            onClick={() => model.step(-1)}
          >
            −
          </button>
        )}
        <input
          id={id}
          name="quantity"
          inputMode="numeric"
          autoComplete="off"
          readOnly={locked}
          value={model.quantityText.value}
          onInput={(event) => model.setQuantity(event.currentTarget.value)}
          {...describedBy(model, "quantity", id, note)}
        />
        {!locked && (
          <button
            type="button"
            class="ghost"
            aria-label={t.increase}
            aria-disabled={!(quantity < max)}
            onClick={() => model.step(1)}
          >
            +
          </button>
        )}
      </div>
    </Field>
  );
});

/** One input per custom field, of the field's type; required ones are marked. */
export const CustomFields = tracked(function CustomFields({ model }: { model: CheckoutModel }) {
  return (
    <>
      {model.product.value.customFields.map((field) => (
        <CustomFieldInput model={model} field={field} key={field.key} />
      ))}
    </>
  );
});

const CustomFieldInput = tracked(function CustomFieldInput({
  model,
  field,
}: {
  model: CheckoutModel;
  field: CustomField;
}) {
  const name = `fields.${field.key}`;
  // An id holds no space: `aria-describedby` reads a space as the start of another id.
  const id = `kiosk-field-${attributeName(field.key)}`;
  const common = {
    id,
    name: field.key,
    value: model.fields.value[field.key] ?? "",
    required: field.required,
    readOnly: model.isLocked(name),
    onInput: (event: { currentTarget: { value: string } }) =>
      model.setField(field.key, event.currentTarget.value),
    onBlur: visited(model, name),
    ...describedBy(model, name, id),
  };
  return (
    <Field model={model} name={name} id={id} label={field.label} required={field.required}>
      {field.type === "textarea" ? (
        <textarea rows={3} {...common} />
      ) : (
        <input
          type={field.type === "email" ? "email" : "text"}
          inputMode={field.type === "number" ? "decimal" : undefined}
          {...common}
        />
      )}
    </Field>
  );
});

/**
 * Marks a field visited as focus leaves it, which shows its error, unless focus goes to Pay: the
 * error would push Pay down from under the pointer between press and release, and the click,
 * which shows every error itself, would be lost.
 */
const visited = (model: CheckoutModel, name: string) => (event: FocusEvent) => {
  if ((event.relatedTarget as Element | null)?.matches("[type=submit]")) return;
  model.touch(name);
};

/** The buyer's email, where the goods are sent. */
export const EmailField = tracked(function EmailField({ model }: { model: CheckoutModel }) {
  const id = "kiosk-email";
  return (
    <Field model={model} name="email" id={id} label={t.email} required>
      <input
        id={id}
        type="email"
        name="email"
        autoComplete="email"
        required
        readOnly={model.isLocked("email")}
        value={model.email.value}
        onInput={(event) => model.setEmail(event.currentTarget.value)}
        onBlur={visited(model, "email")}
        {...describedBy(model, "email", id)}
      />
    </Field>
  );
});

/** One option of a choice. */
interface Choice {
  readonly id: string;
  readonly label: string;
  readonly disabled?: boolean;
}

/**
 * A labelled `<select>` wired to its field's message. A `<select>` cannot be read-only, so a
 * locked choice (a prefilled variant, any while the order is being created) is shown as a
 * read-only text box.
 */
const ChoiceField = tracked(function ChoiceField(props: {
  model: CheckoutModel;
  name: string;
  id: string;
  label: string;
  value: string | undefined;
  choices: readonly Choice[];
  onChoose: (id: string) => void;
}) {
  const { model, name, id, value, choices } = props;
  return (
    <Field model={model} name={name} id={id} label={props.label}>
      {model.isLocked(name) ? (
        <input
          id={id}
          readOnly
          value={choices.find((choice) => choice.id === value)?.label ?? ""}
          {...describedBy(model, name, id)}
        />
      ) : (
        <select
          id={id}
          value={value}
          onChange={(event) => props.onChoose(event.currentTarget.value)}
          {...describedBy(model, name, id)}
        >
          {choices.map((choice) => (
            <option value={choice.id} key={choice.id} disabled={choice.disabled}>
              {choice.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
});

/** A choice between the product's variants; one whose stock ran out cannot be picked. */
export const VariantField = tracked(function VariantField({ model }: { model: CheckoutModel }) {
  const product = model.product.value;
  return (
    <ChoiceField
      model={model}
      name="variant"
      id="kiosk-variant"
      label={t.variant}
      value={model.variantId.value}
      choices={product.variants.map((variant) => ({
        id: variant.id,
        label: variantLabel(variant),
        disabled: !inStock(stockFor(product, variant.id)),
      }))}
      onChoose={model.setVariant}
    />
  );
});

/** A choice between the store's payment methods, when it has more than one. */
export const PaymentMethodField = tracked(function PaymentMethodField({
  model,
}: {
  model: CheckoutModel;
}) {
  const methods = model.store?.paymentMethods ?? [];
  if (methods.length < 2) return null;
  return (
    <ChoiceField
      model={model}
      name="paymentMethod"
      id="kiosk-payment-method"
      label={t.paymentMethod}
      value={model.paymentMethod.value}
      choices={methods}
      onChoose={model.setPaymentMethod}
    />
  );
});
