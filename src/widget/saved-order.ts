/** Where the tab's last order is kept (`sessionStorage`), so a reload after paying shows it. */
export const savedOrderKey = "kiosk:order";

/** True when this tab has an order to show again; cheap, so the page can ask before any click. */
export function hasSavedOrder(): boolean {
  try {
    return sessionStorage.getItem(savedOrderKey) !== null;
  } catch {
    return false;
  }
}
