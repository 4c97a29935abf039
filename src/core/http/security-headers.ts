import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { IncomingMessage } from 'node:http';
import { CXONE_CSP_SOURCES } from '../net/cxone-hosts';

/** The action pages' forms post to PUBLIC_BASE_URL, and their answer redirects the browser back to CXone. */
const ACTION_PAGES = '/integration/actions/';

/**
 * Security headers of every response (@fastify/helmet):
 * - CSP without 'unsafe-inline' for scripts: none of our pages has an inline script (the agent console loads its
 *   script from a file, the demo page loads the widget, the action pages have none), so script-src is 'self'.
 *   Inline styles stay allowed (the pages and the widget style themselves inline; styles cannot run code).
 * - form-action: 'self' everywhere; on the action pages also PUBLIC_BASE_URL (where their forms post) and CXone's
 *   hosts (where the answer redirects, which browsers check against form-action too).
 * - Cross-Origin-Resource-Policy: same-origin; the widget script and the web chat API set cross-origin themselves,
 *   the only responses other sites need to read.
 */
export function securityHeaders(publicBaseUrl: string): FastifyHelmetOptions {
  const publicOrigin = new URL(publicBaseUrl).origin;
  const actionFormTargets = ["'self'", publicOrigin, ...CXONE_CSP_SOURCES].join(' ');
  const formAction = (req: IncomingMessage) => ((req.url ?? '').startsWith(ACTION_PAGES) ? actionFormTargets : "'self'");
  return {
    crossOriginResourcePolicy: { policy: 'same-origin' },
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        fontSrc: ["'self'", 'https:', 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'self'"],
        formAction: [formAction],
      },
    },
  };
}
