// The handler of each sub-command; the type forces one for every name in the catalog.
import type { HandlerTable } from '../handler.js';
import { create } from './create.js';
import { cve } from './cve.js';
import { remove } from './delete.js';
import { diff } from './diff.js';
import { errors } from './errors.js';
import { help } from './help.js';
import { history } from './history.js';
import { list } from './list.js';
import { logs } from './logs.js';
import { notify } from './notify.js';
import { report } from './report.js';
import { rerun } from './rerun.js';
import { role } from './role.js';
import { scanners } from './scanners.js';
import { scope } from './scope.js';
import { show } from './show.js';
import { stop } from './stop.js';
import { update } from './update.js';
import { vulndb } from './vulndb.js';
import { vulns } from './vulns.js';

export const HANDLERS: HandlerTable = {
  create, list, show, stop, rerun, update, delete: remove, history, logs, errors, vulns, diff, report, scanners, scope, notify, role, help, cve, vulndb,
};
