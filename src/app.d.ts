import type { SessionUser } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			sessionId: string | null;
			/** When the request reached the app (its clock), set first thing in the hooks. */
			receivedAt: Date;
		}
		interface Error {
			message: string;
			id?: string;
			/** On a 413: the largest request body the server takes, in bytes. */
			limitBytes?: number;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
