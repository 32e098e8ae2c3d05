// The domain package: schemas, enums, state machines, calendar, numbering,
// masking and the API contract. No I/O.
export * from './enums';
export * from './roles';
export * from './catalog';
export * from './creditCode';
export * from './masking';
export * from './calendar';
export * from './deadlines';
export * from './numbering';
export * from './needFlow';
export * from './taskFlow';
export * from './schemas';
export * from './contract';
export * from './stations';
export * from './workbench';
export * from './complaints';
export * from './uploads';
export * from './directoryQuery';
export * from './settings';
export * from './piiAccess';
export * from './calendarData';
export * from './stats';
export * from './directory';
export * from './staff';
