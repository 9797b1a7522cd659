/* registry.c: the option groups of every consumer, in one table.  A new
 * model or generator adds its group here. */
#include "internal.h"

#include <string.h>

extern const gnn_i_optgroup_t gnn_i_group_read, gnn_i_group_write;
extern const gnn_i_optgroup_t gnn_i_group_dsbm, gnn_i_group_sbm, gnn_i_group_er;
extern const gnn_i_optgroup_t gnn_i_group_aggr, gnn_i_group_optim, gnn_i_group_load;
extern const gnn_i_optgroup_t gnn_i_group_model_mpnn, gnn_i_group_model_digrac, gnn_i_group_model_herm,
    gnn_i_group_model_herm_rw, gnn_i_group_model_bi_sym, gnn_i_group_model_disg_lr, gnn_i_group_ricci,
    gnn_i_group_model_nbfnet, gnn_i_group_model_walkpool, gnn_i_group_model_pathnn;

static const gnn_i_optgroup_t *const groups[] = {
    &gnn_i_group_read, &gnn_i_group_write, &gnn_i_group_dsbm, &gnn_i_group_sbm, &gnn_i_group_er,
    &gnn_i_group_aggr, &gnn_i_group_optim, &gnn_i_group_load,
    &gnn_i_group_model_mpnn, &gnn_i_group_model_digrac, &gnn_i_group_model_herm, &gnn_i_group_model_herm_rw,
    &gnn_i_group_model_bi_sym, &gnn_i_group_model_disg_lr, &gnn_i_group_ricci, &gnn_i_group_model_nbfnet,
    &gnn_i_group_model_walkpool,
    &gnn_i_group_model_pathnn,
};

const gnn_i_optgroup_t *gnn_i_optgroup_find(const char *name) {
    if (name == NULL) return NULL;
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
        if (strcmp(groups[i]->name, name) == 0) return groups[i];
    return NULL;
}
