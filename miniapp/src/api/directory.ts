// Calls of the directories: the public 机构名录 and 专家库 of 服务大厅, and
// what managers keep (packageManage), typed by the shared contract.
import {
  apiPath,
  DIRECTORY_PATHS,
  MANAGE_DIRECTORY_PATHS,
  type CreateExpertInput,
  type CreateInstitutionInput,
  type DirectoryChange,
  type Expert,
  type ExpertQuery,
  type Institution,
  type InstitutionPage,
  type InstitutionQuery,
  type ManagedDirectoryQuery,
  type ManagedExpert,
  type ManagedInstitution,
  type UpdateExpertInput,
  type UpdateInstitutionInput,
} from '@qi/shared'
import { api } from './client'

type Quiet = { toast?: boolean }

export const fetchPublicInstitutions = (query: InstitutionQuery, options?: Quiet) =>
  api.get<Institution[]>(DIRECTORY_PATHS.institutions, { ...options, query: { ...query } })
export const fetchInstitutionPage = (id: string, options?: Quiet) =>
  api.get<InstitutionPage>(apiPath(DIRECTORY_PATHS.institution, { id }), options)
export const fetchPublicExperts = (query: ExpertQuery, options?: Quiet) =>
  api.get<Expert[]>(DIRECTORY_PATHS.experts, { ...options, query: { ...query } })

export const fetchManagedInstitutions = (query: ManagedDirectoryQuery = {}, options?: Quiet) =>
  api.get<ManagedInstitution[]>(MANAGE_DIRECTORY_PATHS.institutions, { ...options, query: { ...query } })
export const fetchManagedInstitution = (id: string, options?: Quiet) =>
  api.get<ManagedInstitution>(apiPath(MANAGE_DIRECTORY_PATHS.institution, { id }), options)
export const createInstitution = (body: CreateInstitutionInput) => api.post<ManagedInstitution>(MANAGE_DIRECTORY_PATHS.institutions, body)
export const updateInstitution = (id: string, body: UpdateInstitutionInput) =>
  api.put<ManagedInstitution>(apiPath(MANAGE_DIRECTORY_PATHS.institution, { id }), body)

export const fetchManagedExperts = (query: ManagedDirectoryQuery = {}, options?: Quiet) =>
  api.get<ManagedExpert[]>(MANAGE_DIRECTORY_PATHS.experts, { ...options, query: { ...query } })
export const fetchManagedExpert = (id: string, options?: Quiet) =>
  api.get<ManagedExpert>(apiPath(MANAGE_DIRECTORY_PATHS.expert, { id }), options)
export const createExpert = (body: CreateExpertInput) => api.post<ManagedExpert>(MANAGE_DIRECTORY_PATHS.experts, body)
export const updateExpert = (id: string, body: UpdateExpertInput) =>
  api.put<ManagedExpert>(apiPath(MANAGE_DIRECTORY_PATHS.expert, { id }), body)

/** The history of an institution or an expert, newest first. */
export const fetchDirectoryHistory = (kind: 'institution' | 'expert', id: string, options?: Quiet) =>
  api.get<DirectoryChange[]>(
    apiPath(kind === 'institution' ? MANAGE_DIRECTORY_PATHS.institutionHistory : MANAGE_DIRECTORY_PATHS.expertHistory, { id }),
    options,
  )
