/**
 * The Buy control last drawn for each product on the page (a card's button, a merchant's bound
 * element), by product id: where a checkout shown again after a reload, which nothing in focus
 * opened, gives the focus back, instead of the top of the page. A control taken off the page
 * takes its entry with it, so no card that is gone is held (another control of the same product
 * is then not found, and the focus goes where it went before).
 */
export const buyControls = new Map<string, HTMLElement>();
