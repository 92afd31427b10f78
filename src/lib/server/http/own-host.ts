import { isIP } from 'node:net';
import { hostname as machineName, networkInterfaces } from 'node:os';

const ANY_ADDRESS = new Set(['', '0.0.0.0', '::', '[::]']);

const bare = (host: string) =>
	host
		.trim()
		.toLowerCase()
		.replace(/^\[(.*)\]$/, '$1')
		.replace(/\.$/, '');

function isLoopback(address: string): boolean {
	if (address === '::1') return true;
	const v4 = address.replace(/^::ffff:/, '');
	return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * Whether a host name (as in the URL a request was made to) is this machine's own, so that the
 * app may take it as its public address when no ORIGIN is configured: localhost and loopback
 * addresses, the machine's name, and, when the server listens on every interface (HOST=0.0.0.0,
 * the default), the address of any of its network interfaces (what a commune office types to
 * reach the laptop running the app). Any other name (DNS rebinding, a proxy's public name)
 * is not: set ORIGIN for those.
 */
export function isOwnHost(host: string, listenHost: string = process.env.HOST ?? ''): boolean {
	const name = bare(host);
	if (!name) return false;
	if (name === 'localhost' || name.endsWith('.localhost') || isLoopback(name)) return true;
	const listen = bare(listenHost);
	if (!ANY_ADDRESS.has(listen)) return name === listen;
	const machine = machineName().toLowerCase();
	if (name === machine || name === `${machine}.local`) return true;
	if (!isIP(name)) return false;
	return Object.values(networkInterfaces())
		.flat()
		.some((a) => a && bare(a.address.replace(/%.*$/, '')) === name);
}
