import type { StaffMember } from "../trace/distribution/distribution.js";
import type { StaffRepository } from "../trace/distribution/ports.js";
import type { MemoryDistributionTables } from "./memory-distribution.js";
import type { UndoLog } from "./memory-table.js";

/** The memory staff repository; login names compare case-insensitively. */
export function memoryStaffRepository(
  tables: MemoryDistributionTables,
  undo: UndoLog | null,
): StaffRepository {
  const { staff } = tables;
  const loginTaken = (member: StaffMember) => {
    const login = member.loginName.toLowerCase();
    return (
      staff.some(
        member.tenantId,
        (row) => row.id !== member.id && row.loginName.toLowerCase() === login,
      ).length > 0
    );
  };
  return {
    async insert(member) {
      if (loginTaken(member)) return { outcome: "login_taken" };
      if (staff.get(member.tenantId, member.id)) {
        throw new Error(`duplicate staff id ${member.id}`);
      }
      staff.put(member, undo);
      return { outcome: "inserted" };
    },
    async get(tenantId, id) {
      return staff.get(tenantId, id);
    },
    async list(tenantId, page) {
      return staff.list(tenantId, () => true, page.beforeId, page.limit);
    },
    async update(tenantId, member) {
      if (member.tenantId !== tenantId || !staff.get(tenantId, member.id)) {
        return { outcome: "not_found" };
      }
      if (loginTaken(member)) return { outcome: "login_taken" };
      staff.put(member, undo);
      return { outcome: "updated" };
    },
    async delete(tenantId, id) {
      if (!staff.get(tenantId, id)) return false;
      staff.remove(tenantId, id, undo);
      return true;
    },
  };
}
