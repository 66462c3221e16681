/**
 * A custom field's key (or a lock's `fields.<key>`) as an HTML attribute's name can carry it:
 * lowercase (HTML lowercases every attribute's name), a hyphen for each run of spaces (a name
 * holds none). `data-kiosk-field-discord-username` names a platform's "Discord Username"; the
 * checkout finds each field by its key or by this name.
 */
export const attributeName = (key: string): string => key.toLowerCase().replace(/\s+/g, "-");
