import { eq, inArray } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/databases';
import { auditLog, people } from '../db/schema';
import { scopePaths } from '../auth/access';
import { createPersonWithAccount } from './people';
import { addPerson, updatePerson } from './profile';
import { parseSecretaryDecision } from './secretary';
import type { PersonInput } from './validation';
import { buildTree, staffUser } from './test-fixtures';

const input = (fullName: string, orgUnitId: number, extra: Partial<PersonInput> = {}) =>
	({
		fullName,
		orgUnitId,
		position: 'secretary',
		birthYear: null,
		gender: null,
		educationLevel: null,
		theoryLevel: null,
		phone: null,
		partyCardNumber: null,
		...extra
	}) satisfies PersonInput;

describeEachDatabase('one secretary a unit, on the person form', ({ db }) => {
	const positions = async (unitId: number) =>
		db()
			.select({ name: people.fullName, position: people.position })
			.from(people)
			.where(eq(people.orgUnitId, unitId))
			.orderBy(people.id);

	it('adding a second secretary saves nothing until the manager chooses replace or deputy', async () => {
		const tree = await buildTree(db(), 'S1');
		const manager = await staffUser(db(), [{ role: 'manager', unit: tree.a }]);
		const scope = scopePaths(manager, 'manager');
		const { person: current } = await createPersonWithAccount(
			db(),
			{ fullName: 'Tạ Văn Đương', orgUnitId: tree.a1.id, position: 'secretary' },
			null
		);
		const value = input('Tạ Văn Mới', tree.a1.id);
		const conflict = {
			ok: false,
			secretaryConflict: {
				unit: { code: 'S1A-01', name: 'Chi bộ thôn Đông' },
				existing: [{ id: current.id, fullName: 'Tạ Văn Đương' }],
				choiceMissing: false
			}
		};
		expect(await addPerson(db(), { value, scope, actorUserId: manager.id })).toEqual(conflict);
		expect(
			await addPerson(db(), { value, scope, actorUserId: manager.id, secretary: 'missing' })
		).toEqual({
			...conflict,
			secretaryConflict: { ...conflict.secretaryConflict, choiceMissing: true }
		});
		expect(await positions(tree.a1.id)).toEqual([{ name: 'Tạ Văn Đương', position: 'secretary' }]);

		const deputy = await addPerson(db(), {
			value,
			scope,
			actorUserId: manager.id,
			secretary: { choice: 'deputy', seen: [current.id] }
		});
		expect(deputy.ok).toBe(true);
		expect(await positions(tree.a1.id)).toEqual([
			{ name: 'Tạ Văn Đương', position: 'secretary' },
			{ name: 'Tạ Văn Mới', position: 'deputy_secretary' }
		]);

		const replaced = await addPerson(db(), {
			value: input('Tạ Thị Thay', tree.a1.id),
			scope,
			actorUserId: manager.id,
			secretary: { choice: 'replace', seen: [current.id] }
		});
		expect(await positions(tree.a1.id)).toEqual([
			{ name: 'Tạ Văn Đương', position: 'member' },
			{ name: 'Tạ Văn Mới', position: 'deputy_secretary' },
			{ name: 'Tạ Thị Thay', position: 'secretary' }
		]);
		const [audit] = await db()
			.select()
			.from(auditLog)
			.where(eq(auditLog.targetId, String(replaced.ok ? replaced.personId : 0)));
		expect(audit.details).toEqual({ secretaryChoice: 'replace', demoted: [current.id] });
	});

	it('an edit that makes someone secretary (by position or by a move) asks too; other edits do not', async () => {
		const tree = await buildTree(db(), 'S2');
		const manager = await staffUser(db(), [{ role: 'manager', unit: tree.a }]);
		const scope = scopePaths(manager, 'manager');
		const { person: first } = await createPersonWithAccount(
			db(),
			{ fullName: 'Mạc Văn Một', orgUnitId: tree.a1.id, position: 'secretary' },
			null
		);
		const { person: other } = await createPersonWithAccount(
			db(),
			{ fullName: 'Mạc Văn Hai', orgUnitId: tree.a2.id, position: 'secretary' },
			null
		);
		const { person: member } = await createPersonWithAccount(
			db(),
			{ fullName: 'Mạc Thị Ba', orgUnitId: tree.a1.id },
			null
		);
		const save = (personId: number, value: PersonInput, extra = {}) =>
			updatePerson(db(), { personId, value, scope, actorUserId: manager.id, ...extra });

		const promoted = await save(member.id, input('Mạc Thị Ba', tree.a1.id));
		expect(promoted).toEqual(
			expect.objectContaining({
				ok: false,
				secretaryConflict: expect.objectContaining({
					existing: [{ id: first.id, fullName: 'Mạc Văn Một' }]
				})
			})
		);
		// A secretary moved into a unit with a secretary.
		const moved = await save(other.id, input('Mạc Văn Hai', tree.a1.id));
		expect(moved).toEqual(expect.objectContaining({ ok: false }));
		expect((await positions(tree.a2.id)).map((p) => p.name)).toEqual(['Mạc Văn Hai']);
		// Editing the secretary's own name is not a second secretary.
		expect(await save(first.id, input('Mạc Văn Một Sửa', tree.a1.id))).toEqual({
			ok: true,
			transferred: false
		});
		// A choice made for other secretaries than the unit has now is asked again.
		expect(
			await save(member.id, input('Mạc Thị Ba', tree.a1.id), {
				secretary: { choice: 'replace', seen: [other.id] }
			})
		).toEqual(expect.objectContaining({ ok: false }));
		expect(
			await save(member.id, input('Mạc Thị Ba', tree.a1.id), {
				secretary: { choice: 'replace', seen: [first.id] }
			})
		).toEqual({ ok: true, transferred: false });
		const after = await db()
			.select({ id: people.id, position: people.position })
			.from(people)
			.where(inArray(people.id, [first.id, member.id]))
			.orderBy(people.id);
		expect(after).toEqual([
			{ id: first.id, position: 'member' },
			{ id: member.id, position: 'secretary' }
		]);
	});

	it('reads the answer from the form: a choice with the secretaries it was given for, cancel, or none', () => {
		const form = (fields: Record<string, string>) => {
			const f = new FormData();
			for (const [k, v] of Object.entries(fields)) f.set(k, v);
			return f;
		};
		expect(parseSecretaryDecision(form({}))).toBeNull();
		expect(parseSecretaryDecision(form({ secretarySeen: '4,9' }))).toBe('missing');
		expect(
			parseSecretaryDecision(form({ secretaryChoice: 'deputy', secretarySeen: '4,x,9' }))
		).toEqual({ choice: 'deputy', seen: [4, 9] });
		expect(
			parseSecretaryDecision(
				form({ secretaryChoice: 'replace', secretarySeen: '4', secretaryCancel: '1' })
			)
		).toBe('cancel');
		expect(parseSecretaryDecision(form({ secretaryChoice: 'boss', secretarySeen: '4' }))).toBe(
			'missing'
		);
	});
});
