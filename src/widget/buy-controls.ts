/**
 * The Buy control last drawn for each product on the page (a card's button, a merchant's bound
 * element), by product id: where a checkout that nothing in focus opened (one shown again after
 * a reload) gives the focus back, instead of the top of the page.
 */
export const buyControls = new Map<string, HTMLElement>();
