export * from './auth';
export * from './orgs';
export * from './people';
export * from './content';
export * from './quiz';
export * from './contests';
export * from './qualification';
export * from './cohorts';
