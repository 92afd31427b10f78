import { hostname, networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isOwnHost } from './own-host';

const lanAddresses = Object.values(networkInterfaces())
	.flat()
	.filter((a) => a && !a.internal && a.family === 'IPv4')
	.map((a) => a!.address);

describe('isOwnHost', () => {
	it('takes loopback names and addresses as the machine’s own', () => {
		for (const host of [
			'localhost',
			'LOCALHOST',
			'app.localhost',
			'127.0.0.1',
			'127.1.2.3',
			'[::1]',
			'::1'
		]) {
			expect(isOwnHost(host, '0.0.0.0'), host).toBe(true);
		}
	});

	it('takes the machine’s name and its interface addresses when listening on all of them', () => {
		expect(isOwnHost(hostname(), '0.0.0.0')).toBe(true);
		for (const address of lanAddresses) {
			expect(isOwnHost(address, '0.0.0.0'), address).toBe(true);
			expect(isOwnHost(address, ''), address).toBe(true);
		}
	});

	it('refuses other names and addresses', () => {
		for (const host of [
			'evil.example',
			'localhost.evil.example',
			'8.8.8.8',
			'10.255.255.254',
			'',
			'[::2]'
		]) {
			expect(isOwnHost(host, '0.0.0.0'), host).toBe(false);
		}
	});

	it('listening on one address, takes only that address (and loopback)', () => {
		expect(isOwnHost('192.0.2.10', '192.0.2.10')).toBe(true);
		expect(isOwnHost('localhost', '192.0.2.10')).toBe(true);
		for (const address of lanAddresses.filter((a) => a !== '192.0.2.10')) {
			expect(isOwnHost(address, '192.0.2.10'), address).toBe(false);
		}
	});
});
