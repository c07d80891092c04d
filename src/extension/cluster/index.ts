/** The cluster view's host side, as the commands use it. */
export { CLUSTER_VIEW_TYPE, ClusterPanel, type PickedRecord } from './ClusterPanel';
export type { ClusterViewInput } from './requests';
export type { RecordSource } from './recordSource';
export { registerClusterViewSerializer } from './serializer';
