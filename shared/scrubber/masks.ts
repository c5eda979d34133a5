/**
 * What the scrubber can find, and the Danish word that replaces each kind in a stored record.
 * One table, so the record, the form's preview and the UI catalogue all say the same thing.
 */
export const scrubMasks = {
  phone: '[telefon]',
  email: '[e-mail]',
  cpr: '[cpr]',
  ip: '[ip]',
  url: '[link]',
  address: '[adresse]',
  /** A social-media user name written with a leading @ (Instagram, TikTok, Snapchat …). */
  handle: '[brugernavn]',
  /** A long run of digits that is no phone or CPR number: account, card or case numbers. */
  number: '[nummer]',
} as const;

export type ScrubKind = keyof typeof scrubMasks;

export const scrubKinds = Object.keys(scrubMasks) as ScrubKind[];

/** A stretch of the original text that will be masked; offsets are UTF-16 indices (String#slice). */
export interface Finding {
  kind: ScrubKind;
  start: number;
  end: number;
}
