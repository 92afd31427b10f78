import pino from 'pino';

/** Structured JSON logs on stdout, UTC timestamps. Never pass passwords, tokens or codes. */
export const log = pino({
	level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
	base: undefined,
	timestamp: pino.stdTimeFunctions.isoTime,
	redact: ['password', '*.password', 'token', '*.token', 'code', '*.code']
});
