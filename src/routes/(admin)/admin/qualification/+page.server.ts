import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/access';
import { db } from '$lib/server/db';
import { refreshProvinceSoon } from '$lib/server/qualification/background';
import { vietnamDay } from '$lib/server/qualification/calendar';
import {
	addRuleVersion,
	administeredProvinces,
	parseRuleForm,
	ruleModuleChoices,
	ruleVersions
} from '$lib/server/qualification/store';

/** The province asked for, if the administrator's scope covers it whole; 404 otherwise. */
async function province(locals: App.Locals, url: URL, raw: string | null) {
	const { user, paths } = requireRole(locals, 'admin', url);
	const provinces = await administeredProvinces(db, paths);
	if (raw === null) return { user, provinces, province: provinces[0] ?? null };
	const found = provinces.find((p) => String(p.id) === raw);
	if (!found) error(404, 'not_found');
	return { user, provinces, province: found };
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const { provinces, province: current } = await province(
		locals,
		url,
		url.searchParams.get('province')
	);
	const [versions, modules] = await Promise.all([
		current ? ruleVersions(db, current.id) : [],
		ruleModuleChoices(db)
	]);
	return {
		provinces,
		province: current,
		versions: versions.toReversed(),
		modules,
		today: vietnamDay(locals.receivedAt),
		saved: url.searchParams.has('saved')
	};
};

export const actions: Actions = {
	default: async ({ locals, url, request }) => {
		const form = await request.formData();
		const { user, province: target } = await province(
			locals,
			url,
			String(form.get('province') ?? '')
		);
		if (!target) error(404, 'not_found');
		const modules = await ruleModuleChoices(db);
		const parsed = parseRuleForm(
			form,
			vietnamDay(locals.receivedAt),
			modules.map((m) => m.id)
		);
		if (!parsed.ok) return fail(400, { errors: parsed.errors, values: parsed.values });
		const result = await addRuleVersion(db, {
			provinceId: target.id,
			rule: parsed.value,
			actorUserId: user.id
		});
		if (!result.ok) return fail(400, { errors: result.errors, values: parsed.values });
		// Everyone in the province is evaluated again: started now, not on the first dashboard read.
		refreshProvinceSoon(db, target.id, locals.receivedAt);
		redirect(303, `/admin/qualification?province=${target.id}&saved`);
	}
};
