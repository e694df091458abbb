import { randomInt } from 'node:crypto';

// No 0/O, 1/l/I: one-time passwords are read from a log or a screen and typed by hand.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A random password of 20 characters (about 114 bits), always accepted by the policy. */
export function generateOneTimePassword(length = 20): string {
  let password = '';
  for (let i = 0; i < length; i += 1) password += ALPHABET[randomInt(ALPHABET.length)];
  return password;
}
