/**
 * EndDeviceControls payloads (61968-9 Annex F, payloads.md §5): every EndDeviceControl names its
 * EndDeviceControlType, and the type is a decodable Annex F code (COD-CONTROL-TYPE, COD-08, COD-16) that is a
 * command and not an event code (COD-EVENT-CONTROL-ROLE). The ref is either the four-part code itself or the
 * mRID / name of an EndDeviceControlType declared at the payload root; a declaration whose mRID is a code has
 * that code checked. Pure: a payload root in, findings out. Called by checkPayload (src/checks/message.ts) for
 * every EndDeviceControls payload a scenario receives or `cim9 validate` reads.
 */
import type { Finding } from './finding.ts';
import { rule } from './catalogue.ts';
import type { CheckContext } from './envelope.ts';
import { codeOpts, placed } from './domain.ts';
import { checkControlType } from '../codes/index.ts';
import { child, children, childText, type XNode } from '../xml/index.ts';
import { readEndDeviceControls } from '../payloads/endDeviceControls.ts';

const CODE_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;

/** COD-CONTROL-TYPE and COD-EVENT-CONTROL-ROLE for each control of an EndDeviceControls payload (each distinct code once) */
export function checkEndDeviceControlsPayload(root: XNode, ctx: CheckContext): Finding[] {
  const ns = root.ns;
  // EndDeviceControlType declarations at the root, by mRID and by name
  const declared = new Map<string, XNode>();
  for (const d of children(root, ns, 'EndDeviceControlType')) {
    const keys = [childText(d, ns, 'mRID'), ...children(d, ns, 'Names').map((n) => childText(n, ns, 'name'))];
    for (const k of keys) if (k) declared.set(k, d);
  }
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const c of readEndDeviceControls(root)) {
    const typeNode = child(c.node, ns, 'EndDeviceControlType');
    const ref = c.controlType.trim();
    if (!typeNode || ref === '') {
      const r = rule('COD-CONTROL-TYPE');
      out.push({ rule: r.id, clause: r.clause, severity: 'error', message: `${ctx.label}: EndDeviceControl${c.mRID ? ` ${c.mRID}` : ''} names no EndDeviceControlType (the command it carries cannot be decoded)`, file: ctx.label, line: (typeNode ?? c.node).line, xpath: (typeNode ?? c.node).path });
      continue;
    }
    const decl = CODE_SHAPE.test(ref) ? undefined : declared.get(ref);
    if (decl) {
      // a declared type: its mRID, when it is a code, is the code of the command
      const code = childText(decl, ns, 'mRID')?.trim();
      if (code && CODE_SHAPE.test(code) && !seen.has(code)) {
        seen.add(code);
        out.push(...placed(checkControlType(code, codeOpts(ctx)), decl, ctx));
      }
      continue;
    }
    if (seen.has(ref)) continue;
    seen.add(ref);
    out.push(...placed(checkControlType(ref, codeOpts(ctx)), typeNode, ctx));
  }
  return out;
}
