import { invalidInput } from './errors';

// Query parameter names that carry credentials in Frigate, Home Assistant and proxy URLs
// (token, access_token, api_key, apikey, X-Amz-Signature, sig, auth, password, session...).
const SECRET_PARAMETER = /token|secret|passw|pwd|auth|key|sig|session|credential|jwt|cookie/i;

/**
 * Removes credentials from the URL the export was fetched from: `user:password@`, query
 * parameters whose name looks like a credential, and the fragment.
 */
export function sanitizeSourceUrl(sourceUrl: string): string {
  let url: URL;
  try {
    url = new URL(sourceUrl);
  } catch {
    throw invalidInput(
      'source_url',
      'The source URL is not an absolute URL.',
      'Pass the full URL.',
    );
  }
  url.username = '';
  url.password = '';
  url.hash = '';
  for (const name of [...new Set(url.searchParams.keys())]) {
    if (SECRET_PARAMETER.test(name)) url.searchParams.delete(name);
  }
  return url.toString();
}
