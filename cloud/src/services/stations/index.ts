// Stations (服务中心、分中心、驿站): public views, the manager's edits and
// staff assignments, check-ins (到站登记) and the station desk's view of
// them; one use case per file, each one transaction.
export { checkIn, CHECKIN_DEDUPE_MINUTES, myCheckinToday } from './checkIn';
export { createStation } from './createStation';
export { getStation } from './getStation';
export { listSpecialists } from './listSpecialists';
export { listStationCheckins } from './listStationCheckins';
export { listStations } from './listStations';
export { listStationStaff } from './listStationStaff';
export { setStationStaff } from './setStationStaff';
export { updateStation } from './updateStation';
