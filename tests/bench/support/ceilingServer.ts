// The ceiling need creation is measured against: a raw node:http server that
// does the least any need creation must do — parse the JSON, validate it with
// the shared CreateNeedSchema, encrypt the two contact fields as the product
// does (AES-256-GCM, pii.ts) and one INSERT into `needs` (which fires the same
// table's triggers). No framework, no session, no transaction of several
// statements: what the database and Node allow at best.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { CreateNeedSchema, toShanghaiDate } from '@qi/shared';
import type { Db } from '../../../cloud/src/db/types';
import type { PiiCipher } from '../../../cloud/src/pii';

export interface CeilingServer {
  url: string;
  close(): Promise<void>;
}

/** Listens on a free port of 127.0.0.1; `as` names the user and enterprise the needs are created for. */
export async function startCeilingServer(db: Db, pii: PiiCipher, as: { userId: string; enterpriseId: string }): Promise<CeilingServer> {
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      let json: unknown;
      try {
        json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return answer(400, { code: 'bad_json' });
      }
      const parsed = CreateNeedSchema.safeParse(json);
      if (!parsed.success) return answer(400, { code: 'validation_failed' });
      const input = parsed.data;
      const id = randomUUID();
      const today = toShanghaiDate(new Date());
      db.query(
        `INSERT INTO needs (id, number, state, title, description, categories, items, channel, enterprise_id, applicant,
                            contact_name_enc, contact_phone_enc, created_by, submitted_on, accept_by, reply_by)
         VALUES ($1, $2, 'submitted', $3, $4, $5, $6, 'miniapp', $7, $8, $9, $10, $11, $12, $12, $12)`,
        [
          id,
          `CEIL-${process.pid}-${++n}`,
          input.title,
          input.description,
          input.categories,
          input.items ?? [],
          as.enterpriseId,
          input.applicant ?? 'ceiling',
          pii.encrypt(input.contactName),
          pii.encrypt(input.contactPhone),
          as.userId,
          today,
        ],
      ).then(
        () => answer(201, { id }),
        (e: unknown) => answer(500, { code: 'internal', message: String(e) }),
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
