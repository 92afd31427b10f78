import { createUser } from '../../auth/users';
import type { Db } from '../../db/client';
import {
	classificationRecords,
	contestAwards,
	contestLevels,
	contestPrizeBands,
	contestRegistrations,
	contests,
	qualificationRuleVersions,
	trainingRecords,
	type Classification,
	type OrgUnit
} from '../../db/schema';
import { buildProvince } from '../../orgs/test-fixtures';
import { createPerson } from '../../people/people';

let codes = 0;

/**
 * Four tracked people under the commune, each fact chosen so every indicator has a known answer
 * (README: the rule asks for elementary theory and a course within 2 years, no module).
 */
export async function seedIndicatorWorld(db: Db) {
	const tree = await buildProvince(db);
	await db.insert(qualificationRuleVersions).values({
		orgUnitId: tree.province.id,
		effectiveFrom: '2020-01-01',
		requiredModules: [],
		passPercent: 70,
		validityYears: 2,
		minTheoryLevel: 'elementary',
		trainingWithinYears: 2
	});
	const add = async (
		unit: OrgUnit,
		p: {
			fullName: string;
			position: 'secretary' | 'deputy_secretary' | 'committee_member';
			theoryLevel: 'none' | 'elementary' | 'intermediate' | 'advanced';
			educationLevel: 'upper_secondary' | 'college' | 'university' | 'postgraduate';
			birthYear: number | null;
			courseEnded: string | null;
			ratings: [number, Classification][];
		}
	) => {
		const person = await createPerson(db, {
			orgUnitId: unit.id,
			fullName: p.fullName,
			position: p.position,
			theoryLevel: p.theoryLevel,
			educationLevel: p.educationLevel,
			birthYear: p.birthYear
		});
		if (p.courseEnded) {
			await db.insert(trainingRecords).values({
				personId: person.id,
				name: 'Lớp bồi dưỡng',
				organizer: 'Huyện ủy',
				startOn: p.courseEnded,
				endOn: p.courseEnded,
				hours: 16
			});
		}
		for (const [year, level] of p.ratings) {
			await db
				.insert(classificationRecords)
				.values({ personId: person.id, year, level, orgUnitId: unit.id });
		}
		const user = await createUser(db, {
			username: `ind_${++codes}_${Date.now()}`,
			displayName: p.fullName,
			personId: person.id
		});
		return { person, user };
	};
	const p1 = await add(tree.tl1, {
		fullName: 'Đinh Văn Ánh',
		position: 'secretary',
		theoryLevel: 'elementary',
		educationLevel: 'university',
		birthYear: 1990,
		courseEnded: '2026-03-06',
		ratings: [[2026, 'good']]
	});
	const p2 = await add(tree.tl1, {
		fullName: 'Lê Thị Bình',
		position: 'deputy_secretary',
		theoryLevel: 'none',
		educationLevel: 'upper_secondary',
		birthYear: 1980,
		courseEnded: '2025-05-01',
		ratings: [[2026, 'completed']]
	});
	const p3 = await add(tree.tl2, {
		fullName: 'Trần Văn Ấn',
		position: 'committee_member',
		theoryLevel: 'intermediate',
		educationLevel: 'postgraduate',
		birthYear: null,
		courseEnded: null,
		ratings: [[2026, 'excellent']]
	});
	const p4 = await add(tree.tanLap, {
		fullName: 'Nguyễn Đức Anh',
		position: 'secretary',
		theoryLevel: 'advanced',
		educationLevel: 'college',
		birthYear: 1988,
		courseEnded: '2024-12-01',
		ratings: [[2025, 'good']]
	});
	// Contests of 2026: P1 and P3 registered, P1 won a published prize; P2's entry was withdrawn;
	// P3's prize is in a level whose prizes are not published yet.
	const contest = async (published: boolean) => {
		const [c] = await db
			.insert(contests)
			.values({
				name: 'Bí thư chi bộ giỏi',
				year: 2026,
				kind: 'hoi_thi',
				orgUnitId: tree.province.id
			})
			.returning();
		const [level] = await db
			.insert(contestLevels)
			.values({
				contestId: c.id,
				name: 'Cấp tỉnh',
				sortOrder: 1,
				prizesPublishedAt: published ? new Date() : null
			})
			.returning();
		const [band] = await db
			.insert(contestPrizeBands)
			.values({ levelId: level.id, name: 'Nhất', sortOrder: 1, count: 1 })
			.returning();
		return { c, level, band };
	};
	const register = async (
		at: Awaited<ReturnType<typeof contest>>,
		who: typeof p1,
		unit: OrgUnit,
		options: { withdrawn?: boolean; prize?: boolean } = {}
	) => {
		const [r] = await db
			.insert(contestRegistrations)
			.values({
				contestId: at.c.id,
				levelId: at.level.id,
				userId: who.user.id,
				personId: who.person.id,
				orgUnitId: unit.id,
				source: 'unit',
				candidateCode: `C${++codes}`,
				withdrawnAt: options.withdrawn ? new Date() : null
			})
			.returning();
		if (options.prize) {
			await db
				.insert(contestAwards)
				.values({ levelId: at.level.id, registrationId: r.id, bandId: at.band.id });
		}
	};
	const published = await contest(true);
	const pending = await contest(false);
	await register(published, p1, tree.tl1, { prize: true });
	await register(published, p2, tree.tl1, { withdrawn: true });
	await register(pending, p3, tree.tl2, { prize: true });
	return { tree, p1, p2, p3, p4, published, pending };
}
