export * from './auth';
export * from './orgs';
export * from './people';
export * from './content';
export * from './quiz';
export * from './contests';
export * from './qualification';

// Judged rounds (issue 14)
export * from './judging';

// Cohorts and item analysis (issue 16)
export * from './cohorts';
