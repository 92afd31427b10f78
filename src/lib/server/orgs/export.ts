import type { DbOrTx } from '../db/client';
import type { OrgKind } from '../db/schema';
import { listScopeTree, type TreeNode } from './tree';

export type TreeExportRow = {
	code: string;
	name: string;
	kind: OrgKind;
	/** Blank for the scope roots: their parents lie outside what the reader manages. */
	parentCode: string;
	level: number;
	peopleDirect: number;
	peopleTotal: number;
};

/** The whole tree in scope, parents before children, in the columns the import reads back. */
export async function treeExportRows(db: DbOrTx, paths: string[]): Promise<TreeExportRow[]> {
	const tree = await listScopeTree(db, paths, { maxNodes: Number.POSITIVE_INFINITY });
	const out: TreeExportRow[] = [];
	const walk = (node: TreeNode, parentCode: string, level: number) => {
		out.push({
			code: node.code,
			name: node.name,
			kind: node.kind,
			parentCode,
			level,
			peopleDirect: node.peopleDirect,
			peopleTotal: node.peopleTotal
		});
		for (const child of node.children) walk(child, node.code, level + 1);
	};
	for (const root of tree.roots) walk(root, '', 1);
	return out;
}
