import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4173);
// The quiz tests run against their own server with fixture modules (tests/fixtures/quiz).
const quizPort = port + 1000;
// And one server with the real content/ (the modules `npm start` serves) for tests/content.
const contentPort = port + 2000;
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const launchOptions = {
	executablePath,
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-quic',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync'
	]
};

export default defineConfig({
	testDir: 'tests',
	testMatch: '**/*.spec.ts',
	fullyParallel: false,
	workers: 1,
	retries: process.env.CI ? 1 : 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	use: {
		baseURL: `http://localhost:${port}`,
		// A click or a navigation that cannot happen fails in seconds, not at the test's timeout.
		actionTimeout: 30_000,
		navigationTimeout: 90_000,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh'
	},
	projects: [
		{
			name: 'chromium',
			testIgnore: /tests\/(quiz|content)\//,
			use: {
				...devices['Desktop Chrome'],
				launchOptions
			}
		},
		{
			name: 'quiz',
			testMatch: /tests\/quiz\/.*\.spec\.ts$/,
			use: {
				...devices['Desktop Chrome'],
				baseURL: `http://localhost:${quizPort}`,
				launchOptions
			}
		},
		{
			name: 'content',
			testMatch: /tests\/content\/.*\.spec\.ts$/,
			use: {
				...devices['Desktop Chrome'],
				baseURL: `http://localhost:${contentPort}`,
				launchOptions
			}
		}
	],
	webServer: [
		{
			// A fresh embedded database for every run, seeded with the demo province.
			command: process.env.E2E_SKIP_BUILD
				? 'node scripts/e2e-server.js'
				: 'npm run build && node scripts/e2e-server.js',
			url: `http://localhost:${port}/login`,
			timeout: 240_000,
			reuseExistingServer: false,
			stdout: 'pipe',
			env: {
				PORT: String(port),
				ORIGIN: `http://localhost:${port}`,
				LOG_LEVEL: 'warn',
				// Tests that print the date of something they do fix the server's clock (tests/helpers/clock.ts).
				TEST_CLOCK: '1',
				// Browser tests read the fixture content (known lessons, canary strings), not content/.
				CONTENT_DIR: process.env.E2E_CONTENT_DIR ?? 'tests/fixtures/content'
			}
		},
		{
			// Started after the first (which builds): the same build, with the quiz fixture modules
			// (short time limits, canary strings) and a quick sweeper.
			command: 'node tests/fixtures/quiz/server.js',
			url: `http://localhost:${quizPort}/login`,
			timeout: 240_000,
			reuseExistingServer: false,
			stdout: 'pipe',
			env: {
				PORT: String(quizPort),
				ORIGIN: `http://localhost:${quizPort}`,
				LOG_LEVEL: 'warn',
				CONTENT_DIR: 'tests/fixtures/quiz/content'
			}
		},
		{
			command: 'node scripts/e2e-server.js',
			url: `http://localhost:${contentPort}/login`,
			timeout: 240_000,
			reuseExistingServer: false,
			stdout: 'pipe',
			env: {
				PORT: String(contentPort),
				ORIGIN: `http://localhost:${contentPort}`,
				LOG_LEVEL: 'warn',
				CONTENT_DIR: 'content'
			}
		}
	]
});
