/**
 * C0 controls other than tab and newline, DEL, and the bidirectional marks, embeddings, overrides
 * and isolates: a NUL, a bell or a right-to-left override typed by a user must not reach another
 * person's screen through a reply that quotes it.
 */
const UNSHOWABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export const withoutControls = (text: string) => text.replace(UNSHOWABLE, '');
