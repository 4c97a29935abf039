import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * What a request carries that may prove the caller's client certificate, read off the connection as it is: the
 * certificates of our own TLS connection, the address of the peer that opened it, and the headers (a trusted proxy's
 * MTLS_CLIENT_CERT_HEADER). `MtlsVerifier` decides what of it to believe.
 */
export interface CertificateEvidence {
  /** The socket's peer, never an X-Forwarded-For value: only the peer itself can be a trusted proxy. */
  peerAddress: string | undefined;
  /** DER certificates the client sent on our own TLS connection, leaf first; empty without TLS or without one. */
  tlsChain: Buffer[];
  headers: IncomingHttpHeaders;
}

/** Leaf, intermediates, root: a chain longer than this is not one a BYOC client sends. */
const MAX_CHAIN = 8;

export function certificateEvidence(request: FastifyRequest): CertificateEvidence {
  const socket = request.raw.socket as Partial<TLSSocket>;
  return { peerAddress: socket.remoteAddress, tlsChain: socket.encrypted ? peerChain(socket as TLSSocket) : [], headers: request.headers };
}

function peerChain(socket: TLSSocket): Buffer[] {
  const chain: Buffer[] = [];
  // `getPeerCertificate(true)` links each certificate to its issuer; a self-signed one links to itself.
  let current = socket.getPeerCertificate(true);
  while (current?.raw && chain.length < MAX_CHAIN && !chain.some((der) => der.equals(current.raw))) {
    chain.push(current.raw);
    current = current.issuerCertificate;
  }
  return chain;
}

/** The `CertificateEvidence` of the request, for a handler that checks mTLS itself (the token endpoint). */
export const ClientCertificateEvidence = createParamDecorator((_: unknown, ctx: ExecutionContext): CertificateEvidence =>
  certificateEvidence(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
