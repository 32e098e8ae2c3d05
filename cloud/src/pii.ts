// Encryption at rest for contact names and phone numbers (AES-256-GCM).
// Stored form: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface PiiCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

export function createPiiCipher(key: Buffer): PiiCipher {
  if (key.length !== 32) throw new Error('PII key must be 32 bytes');
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return ['v1', iv, c.getAuthTag(), ct].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    decrypt(stored) {
      const [v, iv, tag, ct] = stored.split('.');
      if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not an encrypted value');
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      d.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
    },
  };
}

/** A stored (encrypted) name in clear; none stored reads as ''. */
export function openName(pii: PiiCipher, enc: string | null | undefined): string {
  return enc ? pii.decrypt(enc) : '';
}
