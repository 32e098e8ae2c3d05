// `npm run invite-manager -- "运营中心 陈主任"`: a one-time binding code for a
// manager account, for a deployment whose first manager has to come from
// somewhere other than the demo seed. The person signs in with WeChat, opens
// 我的 → 绑定邀请码 and enters the code (or scans the QR the address makes).
// Reads the same settings as the server (the database, DATA_KEY, PUBLIC_BASE_URL).
import { CreateStaffInvitationSchema } from '@qi/shared';
import { loadConfig } from './config';
import { createDb, dbConfigFromEnv, migrate } from './db';
import { createDeps } from './deps';
import { inviteFirstManager } from './services/staff/staffAdmin';

const note = process.argv.slice(2).join(' ').trim();
const checked = CreateStaffInvitationSchema.safeParse({ roles: ['manager'], note });
if (!checked.success) {
  console.error(
    `usage: npm run invite-manager -- "<受邀人，如：运营中心 陈主任>"\n${checked.error.issues.map((i) => i.message).join('\n')}`,
  );
  process.exit(2);
}
const config = loadConfig();
const db = await createDb(dbConfigFromEnv());
try {
  await migrate(db);
  const issued = await inviteFirstManager(
    createDeps(db, config),
    checked.data.note,
    checked.data.validDays,
    config.publicBaseUrl ?? `http://localhost:${process.env.PORT ?? 3000}`,
  );
  console.log(`绑定码 ${issued.code}（${issued.invitation.expiresAt} 前有效，只能使用一次）`);
  console.log(`绑定地址 ${issued.bindUrl}`);
} finally {
  await db.close();
}
