import { and, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/databases';
import { auditLog, personUnitHistory, roleGrants, users } from '../db/schema';
import { scopePaths } from '../auth/access';
import { createPersonWithAccount } from './people';
import { listPeople, parsePeopleFilters, PAGE_SIZE, type PeopleFilters } from './list';
import { addPerson, getProfile, updatePerson } from './profile';
import { parsePersonForm } from './validation';
import { buildTree, staffUser } from './test-fixtures';

const filters = (f: Partial<PeopleFilters> = {}): PeopleFilters => ({
	q: '',
	unitId: null,
	position: null,
	page: 1,
	...f
});

describeEachDatabase('people list and profile', ({ db }) => {
	let tree: Awaited<ReturnType<typeof buildTree>>;
	const ids: Record<string, number> = {};

	it('sets up a tree with people', async () => {
		tree = await buildTree(db(), 'L');
		const add = async (fullName: string, unitId: number, extra = {}) => {
			const { person } = await createPersonWithAccount(
				db(),
				{ fullName, orgUnitId: unitId, ...extra },
				null
			);
			ids[fullName] = person.id;
		};
		await add('Nguyễn Văn An', tree.a1.id, { position: 'secretary', birthYear: 1975 });
		await add('Đặng Thị An', tree.a1.id);
		await add('Dương Văn An', tree.a2.id, { position: 'deputy_secretary' });
		await add('Trần Văn Đức', tree.a2.id);
		await add('Lê Văn Dũng', tree.a2.id);
		await add('Nguyen Thi Binh', tree.a1.id);
		await add('Nguyễn Thị Hoa', tree.b1.id, { position: 'secretary' });
		expect(Object.keys(ids)).toHaveLength(7);
	});

	it('finds "Nguyễn" when searching "Nguyen", "nguyễn" or "NGUYEN an", within scope only', async () => {
		const scopeA = [tree.a.path];
		const names = async (q: string, scope = scopeA) =>
			(await listPeople(db(), scope, filters({ q })))!.rows.map((r) => r.fullName);
		expect(await names('Nguyen')).toEqual(['Nguyễn Văn An', 'Nguyen Thi Binh']);
		expect((await names('nguyễn')).sort()).toEqual(['Nguyen Thi Binh', 'Nguyễn Văn An'].sort());
		expect(await names('NGUYEN an')).toEqual(['Nguyễn Văn An']);
		expect(await names('Đức')).toEqual(['Trần Văn Đức']);
		expect(await names('duc')).toEqual(['Trần Văn Đức']);
		// Nguyễn Thị Hoa lives in commune B: the commune A manager never sees her.
		expect(await names('hoa')).toEqual([]);
		expect(await names('hoa', [tree.province.path])).toEqual(['Nguyễn Thị Hoa']);
		// LIKE wildcards are matched literally.
		expect(await names('%')).toEqual([]);
		expect(await names('_')).toEqual([]);
	});

	it('sorts in Vietnamese order: by given name, D before Đ, with the id as tiebreak', async () => {
		const page = await listPeople(db(), [tree.a.path], filters());
		expect(page!.rows.map((r) => r.fullName)).toEqual([
			'Dương Văn An',
			'Đặng Thị An',
			'Nguyễn Văn An',
			'Nguyen Thi Binh',
			'Lê Văn Dũng',
			'Trần Văn Đức'
		]);
	});

	it('filters by a unit with its subtree, and by position; refuses units outside the scope', async () => {
		const scope = [tree.a.path];
		const inA2 = await listPeople(db(), scope, filters({ unitId: tree.a2.id }));
		expect(inA2!.rows.map((r) => r.fullName).sort()).toEqual(
			['Dương Văn An', 'Lê Văn Dũng', 'Trần Văn Đức'].sort()
		);
		const inA = await listPeople(db(), scope, filters({ unitId: tree.a.id }));
		expect(inA!.total).toBe(6);
		const secretaries = await listPeople(db(), scope, filters({ position: 'secretary' }));
		expect(secretaries!.rows.map((r) => r.fullName)).toEqual(['Nguyễn Văn An']);
		expect(await listPeople(db(), scope, filters({ unitId: tree.b1.id }))).toBeNull();
		expect(await listPeople(db(), scope, filters({ unitId: 999_999 }))).toBeNull();
		expect(await listPeople(db(), [], filters())).toEqual(
			expect.objectContaining({ total: 0, rows: [] })
		);
	});

	it('pages through long lists', async () => {
		for (let i = 0; i < PAGE_SIZE + 3; i++) {
			await createPersonWithAccount(
				db(),
				{ fullName: `Phạm Văn Số ${i}`, orgUnitId: tree.b1.id },
				null
			);
		}
		const scope = [tree.b.path];
		const first = await listPeople(db(), scope, filters());
		const second = await listPeople(db(), scope, filters({ page: 2 }));
		const beyond = await listPeople(db(), scope, filters({ page: 99 }));
		expect(first!.total).toBe(PAGE_SIZE + 4);
		expect(first!.pages).toBe(2);
		expect(first!.rows).toHaveLength(PAGE_SIZE);
		expect(second!.rows).toHaveLength(4);
		expect(beyond!.page).toBe(2);
		const all = [...first!.rows, ...second!.rows].map((r) => r.id);
		expect(new Set(all).size).toBe(PAGE_SIZE + 4);
	});

	it('reads filters from a query string, ignoring what is malformed', () => {
		const f = parsePeopleFilters(new URLSearchParams('q=%20Lê%20&unit=abc&position=king&page=-2'));
		expect(f).toEqual({ q: 'Lê', unitId: null, position: null, page: 1 });
		expect(parsePeopleFilters(new URLSearchParams('unit=7&position=secretary&page=3'))).toEqual({
			q: '',
			unitId: 7,
			position: 'secretary',
			page: 3
		});
	});

	it('shows a profile with its unit path and history only inside the scope', async () => {
		const id = ids['Nguyễn Văn An'];
		const profile = await getProfile(db(), id, [tree.a.path]);
		expect(profile?.unitPath.map((u) => u.code)).toEqual(['LP', 'LA', 'LA-01']);
		expect(profile?.account?.status).toBe('pending');
		expect(profile?.history).toEqual([
			expect.objectContaining({ reason: 'created', toCode: 'LA-01' })
		]);
		expect(profile).not.toHaveProperty('passwordHash');
		expect(await getProfile(db(), id, [tree.b.path])).toBeNull();
		expect(await getProfile(db(), id, [])).toBeNull();
	});

	it('validates a profile form with a message per field', () => {
		const form = new FormData();
		for (const [k, v] of Object.entries({
			fullName: '   ',
			orgUnitId: '',
			position: 'king',
			birthYear: '1850',
			gender: 'x',
			educationLevel: 'university',
			theoryLevel: '',
			phone: 'call me'
		})) {
			form.set(k, v);
		}
		const result = parsePersonForm(form, new Date('2026-06-01'));
		expect(result).toEqual(
			expect.objectContaining({
				ok: false,
				errors: {
					fullName: 'required',
					orgUnitId: 'required',
					position: 'invalid',
					birthYear: 'year_range',
					gender: 'invalid',
					phone: 'invalid'
				}
			})
		);
		form.set('fullName', ' Hoàng  Văn   Em ');
		form.set('orgUnitId', '5');
		form.set('position', 'member');
		form.set('birthYear', '2008');
		form.set('gender', 'female');
		form.set('phone', '0912 345.678');
		const ok = parsePersonForm(form, new Date('2026-06-01'));
		expect(ok.ok && ok.value).toEqual({
			fullName: 'Hoàng Văn Em',
			orgUnitId: 5,
			position: 'member',
			birthYear: 2008,
			gender: 'female',
			educationLevel: 'university',
			theoryLevel: null,
			phone: '0912345678',
			partyCardNumber: null
		});
		form.set('birthYear', '2009');
		expect(parsePersonForm(form, new Date('2026-06-01'))).toEqual(
			expect.objectContaining({ errors: { birthYear: 'year_range' } })
		);
	});

	it('keeps a party card number, normalized, and refuses one someone else holds', async () => {
		const manager = await staffUser(db(), [{ role: 'manager', unit: tree.a }]);
		const scope = scopePaths(manager, 'manager');
		const form = new FormData();
		for (const [k, v] of Object.entries({
			fullName: 'Đinh Văn Thẻ',
			orgUnitId: String(tree.a1.id),
			position: 'member',
			partyCardNumber: '79.012 345'
		})) {
			form.set(k, v);
		}
		const parsed = parsePersonForm(form);
		expect(parsed.ok && parsed.value.partyCardNumber).toBe('79012345');
		form.set('partyCardNumber', '12');
		expect(parsePersonForm(form)).toEqual(
			expect.objectContaining({ errors: { partyCardNumber: 'invalid' } })
		);
		if (!parsed.ok) throw new Error('form refused');
		const added = await addPerson(db(), { value: parsed.value, scope, actorUserId: manager.id });
		expect(added.ok).toBe(true);
		// Someone outside this manager's scope holds a card: the answer names nobody.
		await createPersonWithAccount(
			db(),
			{ fullName: 'Người Xa', orgUnitId: tree.b1.id, partyCardNumber: '79099999' },
			null
		);
		const again = await addPerson(db(), {
			value: { ...parsed.value, fullName: 'Đinh Văn Khác' },
			scope,
			actorUserId: manager.id
		});
		expect(again).toEqual({ ok: false, errors: { partyCardNumber: 'taken' } });
		const edited = await updatePerson(db(), {
			personId: added.ok ? added.personId : 0,
			value: { ...parsed.value, partyCardNumber: '79099999' },
			scope,
			actorUserId: manager.id
		});
		expect(edited).toEqual({ ok: false, errors: { partyCardNumber: 'taken' } });
	});

	it('edits a profile; a move to another unit is a transfer kept in the history', async () => {
		const manager = await staffUser(db(), [{ role: 'manager', unit: tree.a }]);
		const id = ids['Lê Văn Dũng'];
		const base = {
			fullName: 'Lê Văn Dũng',
			orgUnitId: tree.a2.id,
			position: 'member' as const,
			birthYear: 1980,
			gender: 'male' as const,
			educationLevel: null,
			theoryLevel: 'elementary' as const,
			phone: null,
			partyCardNumber: null
		};
		const scope = scopePaths(manager, 'manager');
		const saved = await updatePerson(db(), {
			personId: id,
			value: { ...base, fullName: 'Lê Văn Dũng Em' },
			scope,
			actorUserId: manager.id
		});
		expect(saved).toEqual({ ok: true, transferred: false });
		const [account] = await db().select().from(users).where(eq(users.personId, id));
		expect(account.displayName).toBe('Lê Văn Dũng Em');
		// A search finds the new name.
		const found = await listPeople(db(), scope, filters({ q: 'dung em' }));
		expect(found!.rows.map((r) => r.id)).toEqual([id]);

		const moved = await updatePerson(db(), {
			personId: id,
			value: { ...base, orgUnitId: tree.a1.id },
			scope,
			actorUserId: manager.id
		});
		expect(moved).toEqual({ ok: true, transferred: true });
		const history = await db()
			.select()
			.from(personUnitHistory)
			.where(eq(personUnitHistory.personId, id));
		expect(history.map((h) => [h.reason, h.fromUnitId, h.toUnitId])).toEqual([
			['created', null, tree.a2.id],
			['transfer', tree.a2.id, tree.a1.id]
		]);
		expect(history[1].actorUserId).toBe(manager.id);
		// The member's own-unit role moved with them.
		const grants = await db()
			.select({ unit: roleGrants.orgUnitId })
			.from(roleGrants)
			.where(and(eq(roleGrants.userId, account.id), eq(roleGrants.role, 'secretary')));
		expect(grants).toEqual([{ unit: tree.a1.id }]);
		const audit = await db()
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.targetType, 'person'), eq(auditLog.targetId, String(id))));
		expect(audit.map((a) => a.action)).toEqual(['people.updated', 'people.transferred']);
	});

	it('refuses a transfer to a unit outside the scope and an edit of someone outside it', async () => {
		const manager = await staffUser(db(), [{ role: 'manager', unit: tree.a }]);
		const scope = scopePaths(manager, 'manager');
		const value = {
			fullName: 'Trần Văn Đức',
			orgUnitId: tree.b1.id,
			position: 'member' as const,
			birthYear: null,
			gender: null,
			educationLevel: null,
			theoryLevel: null,
			phone: null,
			partyCardNumber: null
		};
		const id = ids['Trần Văn Đức'];
		expect(
			await updatePerson(db(), { personId: id, value, scope, actorUserId: manager.id })
		).toEqual({ ok: false, errors: { orgUnitId: 'unknown_unit' } });
		expect((await getProfile(db(), id, scope))?.orgUnitId).toBe(tree.a2.id);
		expect(
			await updatePerson(db(), {
				personId: ids['Nguyễn Thị Hoa'],
				value: { ...value, fullName: 'Hacked' },
				scope,
				actorUserId: manager.id
			})
		).toEqual({ ok: false, notFound: true });
		const hoa = await getProfile(db(), ids['Nguyễn Thị Hoa'], [tree.province.path]);
		expect(hoa?.fullName).toBe('Nguyễn Thị Hoa');
	});

	it('adds a person with a pending account and the member role, only to a unit in scope', async () => {
		const manager = await staffUser(db(), [{ role: 'manager', unit: tree.a }]);
		const scope = scopePaths(manager, 'manager');
		const value = {
			fullName: 'Quách Thị Yên',
			orgUnitId: tree.a2.id,
			position: 'committee_member' as const,
			birthYear: 1990,
			gender: 'female' as const,
			educationLevel: null,
			theoryLevel: null,
			phone: null,
			partyCardNumber: null
		};
		expect(
			await addPerson(db(), {
				value: { ...value, orgUnitId: tree.b1.id },
				scope,
				actorUserId: manager.id
			})
		).toEqual({ ok: false, errors: { orgUnitId: 'unknown_unit' } });
		const added = await addPerson(db(), { value, scope, actorUserId: manager.id });
		expect(added).toEqual({ ok: true, personId: expect.any(Number), username: 'quachthiyen' });
		if (!added.ok) return;
		const profile = await getProfile(db(), added.personId, scope);
		expect(profile?.account).toEqual({ username: 'quachthiyen', status: 'pending' });
		expect(profile?.position).toBe('committee_member');
		const [account] = await db().select().from(users).where(eq(users.personId, added.personId));
		const grants = await db().select().from(roleGrants).where(eq(roleGrants.userId, account.id));
		expect(grants.map((g) => [g.role, g.orgUnitId, g.createdByUserId])).toEqual([
			['secretary', tree.a2.id, manager.id]
		]);
		const [audit] = await db()
			.select()
			.from(auditLog)
			.where(
				and(eq(auditLog.action, 'people.created'), eq(auditLog.targetId, String(added.personId)))
			);
		expect(audit.actorUserId).toBe(manager.id);
		expect((await listPeople(db(), scope, filters({ q: 'quach yen' })))!.total).toBe(1);
	});
});
