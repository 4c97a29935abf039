// @peculiar/x509 resolves its parts through tsyringe, which needs the Reflect metadata API before it loads.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { KeyObject, randomBytes, webcrypto } from 'node:crypto';

/**
 * Makes certificates with @peculiar/x509 on Node's own WebCrypto (no `openssl` process, no hand-written ASN.1).
 * RSA 2048 with SHA-256: the one key type every TLS client stack accepts, whatever CXone's runs on.
 */
const crypto = webcrypto;
const KEY_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };

/** A subject as attribute/value pairs, e.g. `{ CN: 'CXone', O: 'The Jungle' }`; values need no escaping. */
export type SubjectAttributes = Record<string, string>;

export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

/** A CA that can sign: its certificate and its (in-memory, never exported) key pair. */
export interface CertificateAuthority {
  certificate: x509.X509Certificate;
  keys: webcrypto.CryptoKeyPair;
}

export interface ClientCertificate {
  certificatePem: string;
  /** The key as unencrypted PKCS#8; `encryptPrivateKey` makes what leaves the process. */
  privateKey: KeyObject;
}

export async function createCertificateAuthority(subject: SubjectAttributes, validity: Validity): Promise<CertificateAuthority> {
  const keys = await generateKeys();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialNumber(),
      name: toName(subject),
      ...validity,
      keys,
      signingAlgorithm: KEY_ALGORITHM,
      extensions: [
        // pathLength 0: it signs client certificates, never another CA.
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { certificate, keys };
}

/** A client certificate signed by `ca`, usable for TLS client authentication only. */
export async function createClientCertificate(ca: CertificateAuthority, subject: SubjectAttributes, validity: Validity): Promise<ClientCertificate> {
  const keys = await generateKeys();
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialNumber(),
      subject: toName(subject),
      issuer: ca.certificate.subjectName,
      ...validity,
      publicKey: keys.publicKey,
      signingKey: ca.keys.privateKey,
      signingAlgorithm: KEY_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth], false),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { certificatePem: certificate.toString('pem'), privateKey: KeyObject.from(keys.privateKey) };
}

/** PKCS#8 encrypted with AES-256-CBC under a fresh random password (PBES2): what CXone's "Private key" field takes. */
export function encryptPrivateKey(privateKey: KeyObject): { privateKeyPem: string; password: string } {
  const password = randomBytes(24).toString('base64url');
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password }) as string;
  return { privateKeyPem, password };
}

export function certificatePem(ca: CertificateAuthority): string {
  return ca.certificate.toString('pem');
}

function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return crypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
}

/** 16 random bytes, top bit clear so the DER integer stays positive (RFC 5280 §4.1.2.2). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

function toName(subject: SubjectAttributes): x509.JsonName {
  return Object.entries(subject).map(([type, value]) => ({ [type]: [value] }));
}

export interface IssuedClientCredentials {
  caCertificatePem: string;
  clientCertificatePem: string;
  privateKeyPem: string;
  privateKeyPassword: string;
}

/**
 * What CXone's BYOC form takes: a new CA, a client certificate it signed, and that certificate's key encrypted with a
 * random password. The CA's own key is dropped when this returns, so the CA can never sign anything else: trusting
 * it trusts exactly this one client certificate, and removing it withdraws exactly that one.
 */
export async function issueClientCredentials(caSubject: SubjectAttributes, clientSubject: SubjectAttributes, validity: Validity): Promise<IssuedClientCredentials> {
  const ca = await createCertificateAuthority(caSubject, validity);
  const client = await createClientCertificate(ca, clientSubject, validity);
  const { privateKeyPem, password } = encryptPrivateKey(client.privateKey);
  return { caCertificatePem: certificatePem(ca), clientCertificatePem: client.certificatePem, privateKeyPem, privateKeyPassword: password };
}
