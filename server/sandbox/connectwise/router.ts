import type { ResourceDef } from "./resource";
import {
  companies,
  companyTypes,
  configurationQuestions,
  configurationQuestionValues,
  configurations,
  configurationStatuses,
  configurationTypes,
} from "./resources/company";
import { additions, agreements, catalog, currencies } from "./resources/finance";
import { boards, boardStatuses, boardTypes, notes, priorities, ticketConfigurations, tickets } from "./resources/service";
import { userDefinedFields } from "./resources/system";

/**
 * The sandbox's routing table, in the official path shapes (paths under /apis/3.0, `{}` = a numeric
 * parent id). Each pattern also serves `/count` and `/{id}`. ASP.NET routing is case-insensitive.
 */
export const ROUTES: Array<{ pattern: string; def: ResourceDef }> = [
  { pattern: "service/boards/{}/statuses", def: boardStatuses },
  { pattern: "service/boards/{}/types", def: boardTypes },
  { pattern: "service/boards", def: boards },
  { pattern: "service/priorities", def: priorities },
  { pattern: "service/tickets/{}/notes", def: notes },
  { pattern: "service/tickets/{}/configurations", def: ticketConfigurations },
  { pattern: "service/tickets", def: tickets },
  { pattern: "company/companies/types", def: companyTypes },
  { pattern: "company/companies", def: companies },
  { pattern: "company/configurations/types/{}/questions/{}/values", def: configurationQuestionValues },
  { pattern: "company/configurations/types/{}/questions", def: configurationQuestions },
  { pattern: "company/configurations/types", def: configurationTypes },
  { pattern: "company/configurations/statuses", def: configurationStatuses },
  { pattern: "company/configurations", def: configurations },
  { pattern: "finance/agreements/{}/additions", def: additions },
  { pattern: "finance/agreements", def: agreements },
  { pattern: "finance/currencies", def: currencies },
  { pattern: "procurement/catalog", def: catalog },
  { pattern: "system/userDefinedFields", def: userDefinedFields },
];

export type RouteMatch = { pattern: string; def: ResourceDef; parentIds: number[]; id: number | null; count: boolean };

export function matchRoute(apiPath: string): RouteMatch | null {
  const segments = apiPath.split("/").filter(Boolean);
  for (const route of ROUTES) {
    const pattern = route.pattern.split("/");
    if (segments.length < pattern.length || segments.length > pattern.length + 1) continue;
    const parentIds: number[] = [];
    let ok = true;
    for (let i = 0; i < pattern.length && ok; i++) {
      const segment = segments[i]!;
      if (pattern[i] === "{}") {
        if (/^\d+$/.test(segment)) parentIds.push(Number(segment));
        else ok = false;
      } else if (pattern[i]!.toLowerCase() !== segment.toLowerCase()) {
        ok = false;
      }
    }
    if (!ok) continue;
    const rest = segments[pattern.length];
    if (rest === undefined) return { ...route, parentIds, id: null, count: false };
    if (rest.toLowerCase() === "count") return { ...route, parentIds, id: null, count: true };
    if (/^\d+$/.test(rest)) return { ...route, parentIds, id: Number(rest), count: false };
  }
  return null;
}
