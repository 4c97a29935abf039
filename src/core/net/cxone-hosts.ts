/**
 * CXone's own domains, where CXone's pages (the back URL of an action page) live: `*.niceincontact.com` and
 * `*.nice-incontact.com` (dfo-contract.md a.5, (c)), `*.nicecxone.com` and the FedRAMP `*.nicecxone-gov.com`, and
 * `*.cxone.com`.
 */
export const CXONE_DOMAINS = ['niceincontact.com', 'nice-incontact.com', 'nicecxone.com', 'nicecxone-gov.com', 'cxone.com'] as const;

/** True for a CXone domain or any host below one (`na1.nice-incontact.com`); never for `evil-niceincontact.com`. */
export function isCxoneHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return CXONE_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** The same domains as CSP sources (`form-action`: an action form's answer redirects there). */
export const CXONE_CSP_SOURCES: readonly string[] = CXONE_DOMAINS.flatMap((domain) => [`https://${domain}`, `https://*.${domain}`]);
