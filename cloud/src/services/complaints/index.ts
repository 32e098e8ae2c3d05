// The complaint's use cases, one per file.
export { actOnComplaint } from './actOnComplaint';
export { loadComplaint } from './complaintView';
export { createComplaint } from './createComplaint';
export { countOpenComplaints, getComplaint, listComplaints } from './listComplaints';
export { giveComplaintFeedback } from './giveComplaintFeedback';
